import type { AccountType, Member, Team, User } from '@wandb-ts/users';
import { keyName } from './redact.js';
import { type Palette, type Printable, Styled, table } from './terminal/styled.js';

/** A user as --json prints it (the README's `--json` table). */
export interface UserJson {
  id: string;
  username: string | null;
  email: string | null;
  name: string;
  admin: boolean | null;
  accountType: AccountType | null;
  entity: string | null;
  deletedAt: string | null;
  teams: string[];
  apiKeyCount: number;
}

/** A user as --json prints it. Key listing names are left to `keys list`; here only their number. */
export function userJson(user: User): UserJson {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    name: user.name,
    admin: user.admin,
    accountType: user.accountType,
    entity: user.entity,
    deletedAt: user.deletedAt,
    teams: user.teams,
    apiKeyCount: user.apiKeys.length,
  };
}

/** A user's state, in the word W&B's UI uses: `active`, or `deactivated` (W&B keeps the account; `deletedAt` in --json). */
export function userStatus(user: User): 'active' | 'deactivated' {
  return user.deletedAt === null ? 'active' : 'deactivated';
}

/**
 * What kind of account, in words: `user` (a person), `service account`
 * (marked in colour), `-` when the server did not say (a pending invitation);
 * a type this CLI does not know is shown as the server sent it. `--json` keeps W&B's own value (`accountType`).
 */
function accountKind(accountType: string | null, c: Palette): Printable {
  if (accountType === 'SERVICE') return c.cyan('service account');
  if (accountType === null) return '-';
  return accountType === 'USER' ? 'user' : accountType;
}

/** A user, one field a line, for `whoami` and `users get`. */
export function userDetail(user: User, c: Palette): Styled[] {
  const rows: [string, Printable][] = [
    ['username', user.username ?? '-'],
    ['email', user.email ?? '-'],
    ['name', user.name || '-'],
    ['account', accountKind(user.accountType, c)],
    ['admin', user.admin ? c.bold('yes (instance admin)') : 'no'],
    ['status', user.deletedAt ? c.red(`deactivated (since ${user.deletedAt})`) : 'active'],
    ['teams', user.teams.length > 0 ? Styled.join(user.teams, ', ') : '-'],
    ['api keys', String(user.apiKeys.length)],
    ['id', user.id],
  ];
  return rows.map(([label, value]) => Styled.join([c.dim(label.padEnd(9)), value], ' '));
}

/** The header of {@link UserTable}. */
const USER_COLUMNS = ['USERNAME', 'EMAIL', 'NAME', 'ACCOUNT', 'ADMIN', 'STATUS'];

/** The widest a column of {@link UserTable} is padded to; a longer cell overflows its row only. */
const MAX_COLUMN = 40;

/**
 * Users as a table printed while the pages arrive (`users list`, `users
 * search`): the header first, columns as wide as the widest cell of the
 * first page (at most {@link MAX_COLUMN}), every later page padded alike.
 */
export class UserTable {
  #widths: number[] | undefined;

  constructor(
    private readonly print: (line: Styled) => void,
    private readonly c: Palette,
  ) {}

  /** Prints a page of users (the header and the widths with the first). */
  page(users: readonly User[]): void {
    const rows = users.map((user) => this.#cells(user));
    if (this.#widths === undefined) {
      const all = [USER_COLUMNS.map((h) => Styled.of(h)), ...rows];
      this.#widths = USER_COLUMNS.map((_, i) => Math.min(MAX_COLUMN, Math.max(...all.map((row) => row[i]?.width ?? 0))));
      this.print(this.c.dim(this.#join(all[0] ?? [])));
    }
    for (const row of rows) this.print(this.#join(row));
  }

  #cells(user: User): Styled[] {
    const { c } = this;
    return [
      Styled.of(user.username ?? '-'),
      Styled.of(user.email ?? '-'),
      Styled.of(user.name || '-'),
      Styled.of(accountKind(user.accountType, c)),
      user.admin ? c.bold('instance admin') : Styled.of('-'),
      user.deletedAt ? c.red('deactivated') : Styled.of('active'),
    ];
  }

  #join(cells: readonly Styled[]): Styled {
    const widths = this.#widths ?? [];
    return Styled.join(
      cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))),
      '  ',
    ).trimEnd();
  }
}

/** Who a user is, in a message: the username, else what the SDK shows for them. */
export function who(user: User): string {
  return user.username ?? String(user);
}

/** A team member as --json prints it: never a service account's key. */
export function memberJson(member: Member) {
  return member.toJSON();
}

/** A team as --json prints it. */
export function teamJson(team: Team) {
  return { id: team.id, name: team.name, members: team.members.map(memberJson) };
}

/** A team's members as a table (header first): who, name, role, account type, status. */
export function memberTable(members: readonly Member[], c: Palette): Styled[] {
  const rows = table([
    ['MEMBER', 'NAME', 'ROLE', 'ACCOUNT', 'STATUS'],
    ...members.map((m) => [
      m.username ?? m.email ?? '-',
      m.name || '-',
      m.admin ? c.bold(m.role) : m.role,
      accountKind(m.accountType, c),
      m.pending ? c.yellow('pending') : 'joined',
    ]),
  ]);
  return rows.map((row, i) => (i === 0 ? c.dim(row) : row));
}

export { keyName };
