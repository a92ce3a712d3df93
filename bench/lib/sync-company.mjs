// The company of the sync benchmark (benchmark 8): `users` accounts
// staff-N@example.com on the fake, and `teams` teams of `membersEach` members
// (the first an admin, every third a viewer, the rest members); and a desired
// state for it in YAML that lists everyone with their teams, plus
// `changes` new hires (each created and invited) and as many role changes
// spread over the teams.

const roleOf = (j) => (j === 0 ? 'admin' : j % 3 === 1 ? 'viewer' : 'member');

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

/** The desired state as a sync file: what the server has, plus `changes` hires and `changes` role changes. */
export function desiredYaml({ users, teams, membersEach, changes }) {
  const lines = ['teams:', ...Array.from({ length: teams }, (_, t) => `  team-${t}: {}`), 'users:'];
  const changed = new Set(Array.from({ length: changes }, (_, i) => Math.floor((i * teams * membersEach) / changes) + 1));
  for (let i = 0; i < users; i++) {
    const t = Math.floor(i / membersEach);
    lines.push(`  - email: staff-${i}@example.com`);
    if (t < teams) {
      const j = i % membersEach;
      const role = changed.has(i) && j !== 0 ? (roleOf(j) === 'viewer' ? 'member' : 'viewer') : roleOf(j);
      lines.push(`    teams: { team-${t}: ${role} }`);
    }
  }
  for (let i = 0; i < changes; i++) lines.push(`  - email: hire-${i}@example.com`, `    teams: { team-${i % teams}: member }`);
  return `${lines.join('\n')}\n`;
}
