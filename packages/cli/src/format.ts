import type { Member, Team, User } from '@wandb-ts/users';
import { keyName } from './secrets.js';
import { type Palette, type Printable, Styled, table } from './terminal/styled.js';

/** A user as --json prints it. Key listing names are left to `keys list`; here only their number. */
export function userJson(user: User) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    name: user.name,
    admin: user.admin,
    entity: user.entity,
    deletedAt: user.deletedAt,
    teams: user.teams,
    apiKeyCount: user.apiKeys.length,
  };
}

/** A user, one field a line, for `whoami` and `users get`. */
export function userDetail(user: User, c: Palette): Styled[] {
  const rows: [string, Printable][] = [
    ['username', user.username ?? '-'],
    ['email', user.email ?? '-'],
    ['name', user.name || '-'],
    ['admin', user.admin ? c.bold('yes (instance admin)') : 'no'],
    ['teams', user.teams.length > 0 ? Styled.join(user.teams, ', ') : '-'],
    ['api keys', String(user.apiKeys.length)],
    ['id', user.id],
  ];
  if (user.deletedAt) rows.push(['deleted', c.red(user.deletedAt)]);
  return rows.map(([label, value]) => Styled.join([c.dim(label.padEnd(9)), value], ' '));
}

/** A user on one line, for streamed search results. */
export function userRow(user: User, c: Palette): Styled {
  const flags = [user.admin ? c.bold('admin') : '', user.deletedAt ? c.red('deleted') : ''].filter((flag) => flag !== '');
  return Styled.join([Styled.of(user.username ?? '-').padEnd(16), Styled.of(user.email ?? '-').padEnd(32), user.name, Styled.join(flags, ' ')], '  ').trimEnd();
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
    ['MEMBER', 'NAME', 'ROLE', 'TYPE', 'STATUS'],
    ...members.map((m) => [
      m.username ?? m.email ?? '-',
      m.name || '-',
      m.admin ? c.bold(m.role) : m.role,
      m.accountType ?? '-',
      m.pending ? c.yellow('pending') : 'joined',
    ]),
  ]);
  return rows.map((row, i) => (i === 0 ? c.dim(row) : row));
}

export { keyName };
