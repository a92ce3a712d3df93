import type { OrganizationMemberFragment } from '../generated/operations.js';
import { type SeatType, seatTypeOf } from './types.js';
import type { User } from '../users/user.js';

/** W&B's organization role that carries the organization-admin powers. */
const ADMIN_ROLE = 'admin';

/**
 * A member of an organization, as the organization listed them: their
 * organization role, the seat it takes, and their account. Get them from
 * `organization.members`; change them with `organization.setRole` and
 * `organization.remove`.
 */
export class OrganizationMember {
  readonly #organization: string;
  readonly #attrs: OrganizationMemberFragment;
  readonly #user: User;

  /** Wraps a member of `organization` as the server listed them, with their account as a `User`. */
  constructor(organization: string, attrs: OrganizationMemberFragment, user: User) {
    this.#organization = organization;
    this.#attrs = attrs;
    this.#user = user;
  }

  /** The user's global ID. */
  get id(): string {
    return this.#attrs.id;
  }
  /** The username. */
  get username(): string {
    return this.#attrs.username;
  }
  /** The display name. */
  get name(): string {
    return this.#attrs.name;
  }
  /** The address; null when the server withheld it. */
  get email(): string | null {
    return this.#attrs.user.email;
  }
  /** The organization role: `admin`, `member`, `viewer` or a custom role's name. */
  get role(): string {
    return this.#attrs.role;
  }
  /** Whether the role is `admin`: an organization admin (not necessarily an instance admin: see `user.admin`). */
  get admin(): boolean {
    return this.#attrs.role === ADMIN_ROLE;
  }
  /** The seat the role takes (`viewOnly` for `viewer`, `full` for `admin` and `member`); null for a custom role, whose seat W&B does not list. */
  get seatType(): SeatType | null {
    return seatTypeOf(this.#attrs.role);
  }
  /**
   * The member's account, as the organization lists it: `apiKeys` and
   * `teams` are empty and `flags` null here (`api.user()` loads them, for
   * instance admins). Its methods work as on any `User`.
   */
  get user(): User {
    return this.#user;
  }
  /** The name of the organization. */
  get organization(): string {
    return this.#organization;
  }

  /** `<OrganizationMember USERNAME (ROLE)>`. */
  toString(): string {
    return `<OrganizationMember ${this.username} (${this.role})>`;
  }

  /** What `JSON.stringify` shows: the attributes above, the account by its ID. */
  toJSON(): Record<string, unknown> {
    return { id: this.id, username: this.username, name: this.name, email: this.email, role: this.role, admin: this.admin, seatType: this.seatType };
  }

  /** What `console.log` and `util.inspect` show: the same fields as {@link OrganizationMember.toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, _options: object, inspect: (value: unknown) => string): string {
    return `OrganizationMember ${inspect(this.toJSON())}`;
  }
}
