// The company of the sync benchmark (benchmark 8): `users` accounts
// staff-N@example.com on the fake, and `teams` teams of `membersEach` members
// (the first an admin, every third a viewer, the rest members); and a desired
// state for it in YAML that lists everyone with their teams, plus
// `changes` new hires (each created and invited) and as many role changes
// spread over the teams.
//
// On W&B's cloud (`cloudCompanyConfig`, `desiredYaml(company, { orgRoles: true })`)
// the same people are the members of one organization, ORGANIZATION, with
// organization roles (one admin per thousand, every fourth a viewer, the rest
// members), `changes` pending invitations to it, and seats enough for the plan;
// the file gives everyone their `orgRole`, changes `changes` of them (members
// made viewers and viewers members), and lists the invitations as `invited`.

const roleOf = (j) => (j === 0 ? 'admin' : j % 3 === 1 ? 'viewer' : 'member');

/** The organization of the cloud company. */
export const ORGANIZATION = 'company';

/** The organization role of staff-i. */
const orgRoleOf = (i) => (i % 1000 === 0 ? 'admin' : i % 4 === 3 ? 'viewer' : 'member');
/** The organization role of the i-th pending invitation. */
const inviteRoleOf = (i) => (i % 2 === 0 ? 'viewer' : 'member');
/** staff-i whose organization role the file changes: `changes` of them, spread out, none an admin (alternately a member and a viewer). */
const orgChanged = ({ users, changes }) =>
  new Set(Array.from({ length: changes }, (_, i) => Math.floor((i * users) / changes) + 2 + (i % 2)).filter((i) => i < users && orgRoleOf(i) !== 'admin'));
const flip = (role) => (role === 'viewer' ? 'member' : 'viewer');

/** The fake child's config: the accounts, then the teams. */
export function companyConfig({ users, teams, membersEach }) {
  return {
    groups: { staff: users },
    teams: Array.from({ length: teams }, (_, t) => ({
      name: `team-${t}`,
      members: Array.from({ length: membersEach }, (_, j) => ({ email: `staff-${t * membersEach + j}@example.com`, role: roleOf(j) })),
    })),
  };
}

/**
 * The fake child's config on W&B's cloud: the same accounts and teams, and the
 * organization holding them all (the admin key's account one of its admins),
 * its teams, `changes` pending invitations, and seats for the members and
 * invitations plus what the plan's invitations and role changes take.
 */
export function cloudCompanyConfig(company) {
  const { users, teams, changes } = company;
  const members = [{ username: 'admin', role: 'admin' }];
  for (let i = 0; i < users; i++) members.push({ email: `staff-${i}@example.com`, role: orgRoleOf(i) });
  for (let i = 0; i < changes; i++) members.push({ email: `invitee-${i}@example.com`, role: inviteRoleOf(i), pending: true });
  const used = { full: 0, viewOnly: 0 };
  for (const { role } of members) used[role === 'viewer' ? 'viewOnly' : 'full']++;
  return {
    ...companyConfig(company),
    deployment: 'cloud',
    organizations: [
      {
        name: ORGANIZATION,
        // Enough for the hires (full seats) and the role changes either way.
        seats: used.full + 2 * changes,
        viewOnlySeats: used.viewOnly + changes,
        members,
        teams: Array.from({ length: teams }, (_, t) => `team-${t}`),
      },
    ],
  };
}

/**
 * The desired state as a sync file: what the server has, plus `changes` hires and `changes` role changes;
 * with `orgRoles`, everyone's organization role (`changes` of them changed) and the pending invitations.
 */
export function desiredYaml({ users, teams, membersEach, changes }, { orgRoles = false } = {}) {
  const lines = [...(orgRoles ? ['version: 2'] : []), 'teams:', ...Array.from({ length: teams }, (_, t) => `  team-${t}: {}`), 'users:'];
  const changed = new Set(Array.from({ length: changes }, (_, i) => Math.floor((i * teams * membersEach) / changes) + 1));
  const orgRolesChanged = orgRoles ? orgChanged({ users, changes }) : new Set();
  for (let i = 0; i < users; i++) {
    const t = Math.floor(i / membersEach);
    lines.push(`  - email: staff-${i}@example.com`);
    if (t < teams) {
      const j = i % membersEach;
      const role = changed.has(i) && j !== 0 ? (roleOf(j) === 'viewer' ? 'member' : 'viewer') : roleOf(j);
      lines.push(`    teams: { team-${t}: ${role} }`);
    }
    if (orgRoles) lines.push(`    orgRole: ${orgRolesChanged.has(i) ? flip(orgRoleOf(i)) : orgRoleOf(i)}`);
  }
  for (let i = 0; i < changes; i++) {
    lines.push(`  - email: hire-${i}@example.com`, `    teams: { team-${i % teams}: member }`);
    if (orgRoles) lines.push('    orgRole: member');
  }
  if (orgRoles) for (let i = 0; i < changes; i++) lines.push(`  - email: invitee-${i}@example.com`, '    status: invited', `    orgRole: ${inviteRoleOf(i)}`);
  return `${lines.join('\n')}\n`;
}
