import type { User } from '@wandb-ts/users';
import type { Colors } from './output.js';

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
export function userDetail(user: User, c: Colors): string[] {
  const rows: [string, string][] = [
    ['username', user.username ?? '-'],
    ['email', user.email ?? '-'],
    ['name', user.name || '-'],
    ['admin', user.admin ? c.bold('yes (instance admin)') : 'no'],
    ['teams', user.teams.length > 0 ? user.teams.join(', ') : '-'],
    ['api keys', String(user.apiKeys.length)],
    ['id', user.id],
  ];
  if (user.deletedAt) rows.push(['deleted', c.red(user.deletedAt)]);
  return rows.map(([label, value]) => `${c.dim(label.padEnd(9))} ${value}`);
}

/** A user on one line, for streamed search results. */
export function userRow(user: User, c: Colors): string {
  const flags = [user.admin ? c.bold('admin') : '', user.deletedAt ? c.red('deleted') : ''].filter(Boolean).join(' ');
  return [(user.username ?? '-').padEnd(16), (user.email ?? '-').padEnd(32), user.name, flags].join('  ').trimEnd();
}

// Current W&B servers list keys by a short public name. Older ones list the
// full secret as the name (see @wandb-ts/users' README); such a name is shown
// by its start only, so `keys list` never puts a secret on the screen.
const SECRET_SHAPED = /^[A-Za-z0-9_-]{40,}$/;

export function keyName(name: string): string {
  return SECRET_SHAPED.test(name) ? `${name.slice(0, 8)}…` : name;
}

/** Columns padded to the widest cell, for short tables (keys). */
export function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd());
}
