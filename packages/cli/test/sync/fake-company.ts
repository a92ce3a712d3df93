// A small company on the fake W&B server (packages/testing), and what the
// end-to-end sync tests compare: the server's state, and the mutations in its
// request log.
import { type FakeWandb, type RequestLogEntry, startFakeWandb } from '@wandb-ts/testing';

/** The operations that change something on W&B: what sync may send, and the key operations it must never send. */
export const MUTATIONS = new Set([
  'CreateUserFromAdmin',
  'CreateTeam',
  'CreateInvite',
  'DeleteInvite',
  'UpdateMember',
  'DeleteUser',
  'UndeleteUser',
  'UpdateUser',
  'GenerateApiKey',
  'DeleteApiKey',
  'CreateServiceAccount',
]);

/** The mutations in a request log, each as `Operation {variables}` (secrets are masked by the fake). */
export function mutations(log: readonly RequestLogEntry[]): string[] {
  return log.filter((r) => r.operationName !== null && MUTATIONS.has(r.operationName)).map((r) => `${r.operationName} ${JSON.stringify(r.variables)}`);
}

/** The mutations the server carried out (answered without errors), as above. */
export function applied(log: readonly RequestLogEntry[]): string[] {
  return mutations(log.filter((r) => r.executed && r.status === 200 && r.errors.length === 0));
}

/**
 * A company mid-way: ann admins `ml`, bob is a viewer there, eve a member,
 * frank invited as viewer, an invitation to an address without an account,
 * and the team's service account; carl is deactivated, dora an instance
 * admin, old a leaver. The fake's own `admin` holds the key.
 */
export async function company(): Promise<FakeWandb> {
  const fake = await startFakeWandb({ customRoles: ['labeler'] });
  for (const name of ['ann', 'bob', 'carl', 'eve', 'old', 'frank']) fake.addUser({ email: `${name}@acme.example`, username: name });
  fake.addUser({ email: 'dora@acme.example', username: 'dora', admin: true });
  fake.deleteUser(fake.getUser('carl')!.id);
  fake.addTeam({
    name: 'ml',
    members: [
      { username: 'ann', role: 'admin' },
      { username: 'bob', role: 'viewer' },
      { username: 'eve', role: 'member' },
      { email: 'frank@acme.example', role: 'viewer', pending: true },
      { email: 'gone@acme.example', role: 'member', pending: true },
    ],
  });
  fake.addServiceAccount('ml', 'Nightly eval');
  return fake;
}

/** What the company should look like: every kind of action sync has, with --prune. */
export const PEOPLE = `# The company as it should be.
teams:
  ml: {}
  infra: {}
users:
  - email: ann@acme.example
    admin: true
    teams: { ml: admin, infra: admin }
  - email: bob@acme.example
    teams: { ml: member }
  - email: Carl@acme.example
    teams: { infra: viewer }
  - email: dora@acme.example
    admin: false
  - email: frank@acme.example
    teams: { ml: member }
  - email: new.hire@acme.example
    teams: { ml: labeler }
`;

/** The server's users and teams, without generated IDs: what two runs are compared by. */
export function state(fake: FakeWandb): { users: string[]; teams: string[] } {
  return {
    users: fake
      .listUsers()
      .map((u) => `${u.email ?? u.username} ${u.accountType}${u.admin ? ' admin' : ''}${u.deletedAt ? ' deactivated' : ''}`)
      .sort(),
    teams: fake
      .listTeams()
      .map(
        (t) =>
          `${t.name}: ${t.members
            .map((m) => `${(m.email ?? m.username)!.toLowerCase()} ${m.role}${m.pending ? ' (pending)' : ''}`)
            .sort()
            .join(', ')}`,
      )
      .sort(),
  };
}
