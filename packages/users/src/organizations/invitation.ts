import type { OrganizationFragment } from '../generated/operations.js';

/** A pending invitation as GetOrganization selects it. */
type InvitationAttrs = OrganizationFragment['pendingInvites'][number];

/**
 * A pending invitation to an organization: an address invited that has not
 * joined yet. It holds a seat of its role's kind until it is accepted or
 * withdrawn (`organization.remove(invitation)`). W&B does not list the role
 * it gives, nor (here) its key, which would let anyone accept it.
 */
export class OrganizationInvitation {
  readonly #organization: string;
  readonly #attrs: InvitationAttrs;

  /** Wraps a pending invitation of `organization` as the server listed it. */
  constructor(organization: string, attrs: InvitationAttrs) {
    this.#organization = organization;
    this.#attrs = attrs;
  }

  /** The invitation's global ID. */
  get id(): string {
    return this.#attrs.id;
  }
  /** The address invited; null when the server withheld it. */
  get email(): string | null {
    return this.#attrs.email;
  }
  /** When it was made (ISO 8601), when the server said. */
  get createdAt(): string | null {
    return this.#attrs.createdAt;
  }
  /** When it expires (ISO 8601); null when it does not, or the server did not say. */
  get expiresAt(): string | null {
    return this.#attrs.expiresAt;
  }
  /** The name of the organization. */
  get organization(): string {
    return this.#organization;
  }

  /** `<OrganizationInvitation EMAIL>`. */
  toString(): string {
    return `<OrganizationInvitation ${this.email ?? this.id}>`;
  }

  /** What `JSON.stringify` shows: the attributes above. */
  toJSON(): Record<string, unknown> {
    return { id: this.id, email: this.email, createdAt: this.createdAt, expiresAt: this.expiresAt };
  }

  /** What `console.log` and `util.inspect` show: the same fields as {@link OrganizationInvitation.toJSON}. */
  [Symbol.for('nodejs.util.inspect.custom')](_depth: number, _options: object, inspect: (value: unknown) => string): string {
    return `OrganizationInvitation ${inspect(this.toJSON())}`;
  }
}
