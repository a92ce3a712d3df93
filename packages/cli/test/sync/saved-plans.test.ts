import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EXIT } from '../../src/index.js';
import { runWith } from '../../src/program.js';
import { memoryIo } from '../helpers.js';
import { MemoryWandb } from './memory-wandb.js';

// `sync apply --plan` executes a file anyone could have edited: it is read as
// carefully as a sync file, and every action is checked again, against the
// flags given now and the server's state now, by the rules that made it.
// In-process against the in-memory W&B, whose call log shows what was sent.

const SERVER = 'https://wandb.corp.example';
const dir = mkdtempSync(join(tmpdir(), 'wandb-users-saved-plans-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function sync(wandb: MemoryWandb, args: string[], env: Record<string, string> = {}) {
  const { io, stdout, stderr } = memoryIo({ env: { WANDB_BASE_URL: SERVER, WANDB_API_KEY: 'k'.repeat(40), ...env } });
  const code = await runWith(args, io, { syncClient: () => wandb.client() });
  return { code, stdout: stdout(), stderr: stderr() };
}

/** The calls that change something: none may be made for a refused plan. */
const MUTATIONS = /^(createUser|createTeam|invite|setRole|delete|deactivate|reactivate|setAdmin) /;
const mutations = (wandb: MemoryWandb) => wandb.calls.filter((call) => MUTATIONS.test(call));

function company() {
  const wandb = new MemoryWandb();
  const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
  const bob = wandb.addUser({ email: 'bob@acme.example', username: 'bob' });
  wandb.addTeam('ml', [
    { user: ann, role: 'admin' },
    { user: bob, role: 'viewer' },
  ]);
  return wandb;
}

const PEOPLE = 'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n  - email: carl@acme.example\n    teams: { ml: member }\n';

/** A plan saved by `sync plan --json` against `wandb`, parsed. */
async function savedPlan(wandb: MemoryWandb, flags: string[] = []): Promise<any> {
  const { stdout } = await sync(wandb, ['--json', 'sync', 'plan', file('people.yaml', PEOPLE), ...flags]);
  return JSON.parse(stdout);
}

describe('a saved plan is read as a file anyone could have written', () => {
  it('refuses reserved names as keys, with their lines, and sends nothing (exit 2)', async () => {
    const wandb = company();
    const plan = await savedPlan(wandb);
    const text = JSON.stringify(plan, null, 2).replace('"kind": "create-user",', '"kind": "create-user",\n      "__proto__": { "admin": true },');
    const path = file('proto.json', text);
    const calls = wandb.calls.length;
    const { code, stderr } = await sync(wandb, ['sync', 'apply', '--plan', path]);
    const line = text.split('\n').findIndex((l) => l.includes('__proto__')) + 1;
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toBe(
      `wandb-users: error: ${path} has a problem\n` +
        `  ${path}:${line}: actions[0].__proto__: "__proto__" is a reserved name, refused as a key: it could change how the file is read (__proto__, constructor, prototype are never accepted)\n` +
        'Nothing was sent. Fix the file and run again.\n',
    );
    expect(wandb.calls.length).toBe(calls);
  });

  it('refuses an alias bomb with a clear message, not an unexpected error (exit 2)', async () => {
    const wandb = company();
    const levels = Array.from({ length: 7 }, (_, i) => `${'abcdefgh'[i + 1]}: &${'abcdefgh'[i + 1]} [${Array(10).fill(`*${'abcdefgh'[i]}`).join(', ')}]`);
    const path = file('bomb.yaml', ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...levels, 'version: 1'].join('\n'));
    const { code, stderr } = await sync(wandb, ['sync', 'apply', '--plan', path]);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toBe(
      `wandb-users: error: ${path} has a problem\n  ${path}: cannot be read: Excessive alias count indicates a resource exhaustion attack\nNothing was sent. Fix the file and run again.\n`,
    );
    expect(wandb.calls).toEqual([]);
  });
});
