import type * as Testing from '@wandb-ts/testing';
import type { AddedUser, FakeWandb } from '@wandb-ts/testing';
import { CliError, EXIT } from './exit-codes.js';
import { loadTesting } from './package-paths.cjs';

/** The package `demo` and `serve` need, an optional peer dependency of this one. */
export const TESTING_PACKAGE = '@wandb-ts/testing';

/**
 * @wandb-ts/testing (the fake server and its schema), loaded only by the
 * commands that need it: a production install leaves it out.
 */
export function requireTesting(command: string): typeof Testing {
  try {
    return loadTesting();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    // Only the package itself missing: a broken install of it is reported as it is.
    if (code !== 'MODULE_NOT_FOUND' || !message.includes(`'${TESTING_PACKAGE}'`)) throw error;
    throw new CliError(
      `\`wandb-users ${command}\` runs the fake W&B server of ${TESTING_PACKAGE}, which is not installed`,
      EXIT.ENVIRONMENT,
      `Install it next to @wandb-ts/cli (\`npm install -g ${TESTING_PACKAGE}\`, or \`npm install --save-dev ${TESTING_PACKAGE}\` in a project), or run once with \`npx -p @wandb-ts/cli -p ${TESTING_PACKAGE} wandb-users ${command}\`.`,
    );
  }
}

/** The small organisation `demo` and `serve` start with: people, teams with roles, an invitation, a service account, a few keys, the organization with its seats. */
export const SEED = {
  organisation: 'Acme Robotics',
  users: [
    { email: 'priya.raman@acme.example', username: 'priya', name: 'Priya Raman', admin: true },
    { email: 'marcus.chen@acme.example', username: 'mchen', name: 'Marcus Chen' },
    { email: 'sofia.alvarez@acme.example', username: 'salvarez', name: 'Sofía Álvarez' },
    { email: 'kwame.mensah@acme.example', username: 'kmensah', name: 'Kwame Mensah' },
    { email: 'lena.novak@acme.example', username: 'lnovak', name: 'Lena Novak' },
    { email: 'tomas.silva@acme.example', username: 'tsilva', name: 'Tomás Silva', apiKeys: [{ description: 'laptop' }, { description: 'ci runner' }] },
    { email: 'jun.tanaka@acme.example', username: 'jtanaka', name: 'Jun Tanaka' },
  ],
  /** A team role of this instance besides W&B's admin, member and viewer. */
  customRoles: ['labeler'],
  /** Created after the users; `admin` is the fake's instance admin. A member without a role joins as `member`. */
  teams: [
    { name: 'platform', members: [{ username: 'admin', role: 'admin' }, { username: 'priya', role: 'admin' }, 'lnovak', 'jtanaka'] },
    {
      name: 'perception',
      members: [
        { username: 'salvarez', role: 'admin' },
        'mchen',
        { username: 'tsilva', role: 'viewer' },
        { email: 'new.grad@acme.example', role: 'labeler', pending: true },
      ],
    },
    { name: 'research', members: [{ username: 'kmensah', role: 'admin' }, 'salvarez', { username: 'lnovak', role: 'labeler' }] },
  ],
  /** Service accounts, each with a key of its own, made after the teams. */
  serviceAccounts: [{ team: 'perception', description: 'Nightly eval' }],
  /**
   * The organization everyone belongs to, as a W&B Server instance is one, made after the service
   * accounts: its seats, roles (a member without one joins as `member`), a pending invitation, and its teams.
   */
  organization: {
    seats: 10,
    viewOnlySeats: 3,
    members: [
      { username: 'admin', role: 'admin' },
      { username: 'priya', role: 'admin' },
      'mchen',
      'salvarez',
      'kmensah',
      'lnovak',
      { username: 'tsilva', role: 'viewer' },
      'jtanaka',
      { email: 'new.grad@acme.example', pending: true },
    ],
  },
} as const;

/** What {@link startSeededFake} returns. */
export interface SeededFake {
  /** The running server; `fake.baseUrl` and `fake.adminApiKey` point a client at it. */
  fake: FakeWandb;
  /** The seeded people (not the instance admin) with the secret of their first key. */
  people: AddedUser[];
}

/**
 * Starts the fake W&B server of `@wandb-ts/testing` on 127.0.0.1, seeded with
 * {@link SEED}. Close it with `fake.close()`. Needs `@wandb-ts/testing`
 * installed (an optional peer dependency): without it, throws a CliError with
 * exit status 9 saying how to install it.
 */
export async function startSeededFake(options: { port?: number; command?: string } = {}): Promise<SeededFake> {
  const { startFakeWandb } = requireTesting(options.command ?? 'serve');
  const fake = await startFakeWandb({ customRoles: [...SEED.customRoles], ...(options.port !== undefined && { port: options.port }) });
  try {
    const people = SEED.users.map((u) => fake.addUser({ ...u, ...('apiKeys' in u && { apiKeys: [...u.apiKeys] }) }));
    for (const team of SEED.teams) fake.addTeam({ name: team.name, members: team.members.map((m) => (typeof m === 'string' ? m : { ...m })) });
    for (const account of SEED.serviceAccounts) fake.addServiceAccount(account.team, account.description);
    const { organization } = SEED;
    fake.addOrganization({
      name: SEED.organisation,
      seats: organization.seats,
      viewOnlySeats: organization.viewOnlySeats,
      members: organization.members.map((m) => (typeof m === 'string' ? m : { ...m })),
      teams: SEED.teams.map((team) => team.name),
    });
    return { fake, people };
  } catch (error) {
    await fake.close();
    throw error;
  }
}
