import type { AddedUser, FakeWandb } from '@wandb-ts/testing';
import { loadTesting } from './package-paths.cjs';

/** The small organisation `demo` and `serve` start with: people, roles, teams, a few keys. */
export const SEED = {
  organisation: 'Acme Robotics',
  users: [
    { email: 'priya.raman@acme.example', username: 'priya', name: 'Priya Raman', admin: true, teams: [] },
    { email: 'marcus.chen@acme.example', username: 'mchen', name: 'Marcus Chen', teams: ['perception'] },
    { email: 'sofia.alvarez@acme.example', username: 'salvarez', name: 'Sofía Álvarez', teams: ['perception', 'research'] },
    { email: 'kwame.mensah@acme.example', username: 'kmensah', name: 'Kwame Mensah', teams: ['research'] },
    { email: 'lena.novak@acme.example', username: 'lnovak', name: 'Lena Novak', teams: ['research'] },
    { email: 'tomas.silva@acme.example', username: 'tsilva', name: 'Tomás Silva', teams: ['perception'], apiKeys: [{ description: 'laptop' }, { description: 'ci runner' }] },
    { email: 'jun.tanaka@acme.example', username: 'jtanaka', name: 'Jun Tanaka', teams: [] },
  ],
  /** Teams whose members include the fake's instance admin (`admin`), created after the users. */
  teams: [{ name: 'platform', members: ['admin', 'priya', 'lnovak', 'jtanaka'] }],
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
 * {@link SEED}. Close it with `fake.close()`.
 */
export async function startSeededFake(options: { port?: number } = {}): Promise<SeededFake> {
  const { startFakeWandb } = loadTesting();
  const fake = await startFakeWandb({ ...(options.port !== undefined && { port: options.port }) });
  try {
    const people = SEED.users.map((u) => fake.addUser({ ...u, teams: [...u.teams], ...('apiKeys' in u && { apiKeys: [...u.apiKeys] }) }));
    for (const team of SEED.teams) fake.addTeam({ name: team.name, members: [...team.members] });
    return { fake, people };
  } catch (error) {
    await fake.close();
    throw error;
  }
}
