import { EXIT } from '../../src/index.js';
import { runWith } from '../../src/program.js';
import { memoryIo } from '../helpers.js';
import { SERVER, scratchFiles, stateHome } from './helpers.js';
import { MemoryWandb } from './memory-wandb.js';

// Review before apply, in this process: a stand-in terminal (stdin and stderr
// flagged as TTYs, the answer on stdin) against the in-memory W&B. The real
// pseudo-terminal is in terminal.test.ts.

const file = scratchFiles();
const PEOPLE = file('people.yaml', 'teams: { ml: {} }\nusers:\n  - email: ann@acme.example\n    teams: { ml: admin }\n  - email: bob@acme.example\n');

function company() {
  const wandb = new MemoryWandb();
  const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
  wandb.addTeam('ml', [{ user: ann, role: 'admin' }]);
  return wandb;
}

/** Runs `wandb-users ARGS`; `terminal` makes stdin and stderr terminals, with `answer` typed on stdin. */
async function run(wandb: MemoryWandb, args: string[], options: { terminal?: boolean; answer?: string } = {}) {
  const { io, stdout, stderr } = memoryIo({
    stdin: options.answer ?? '',
    env: { WANDB_BASE_URL: SERVER, WANDB_API_KEY: 'k'.repeat(40), XDG_STATE_HOME: stateHome(), NO_COLOR: '1' },
  });
  if (options.terminal) {
    Object.assign(io.stdin, { isTTY: true });
    Object.assign(io.stderr, { isTTY: true });
  }
  const code = await runWith(args, io, { syncClient: () => wandb.client() });
  return { code, stdout: stdout(), stderr: stderr() };
}

const mutations = (wandb: MemoryWandb) => wandb.calls.filter((c) => !/^(viewer|users |team )/.test(c));

describe('sync apply FILE asks before it changes anything', () => {
  it('on a terminal: prints the plan, asks for the word yes, and applies on "yes"', async () => {
    const wandb = company();
    const { code, stdout, stderr } = await run(wandb, ['sync', 'apply', PEOPLE], { terminal: true, answer: 'yes\n' });
    expect({ code, stderr }).toMatchObject({ code: EXIT.OK }); // stderr shown when it fails
    expect(stdout).toContain('  + create user bob@acme.example');
    expect(stderr).toContain(`Apply this change to ${SERVER}?\n  Only the word yes goes on; anything else cancels.\n  Enter a value: `);
    expect(stdout).toContain('done          + create user bob@acme.example');
    expect(wandb.effects).toEqual(['createUser bob@acme.example false']);
  });

  it.each([['y\n'], ['Yes\n'], ['no\n'], ['\n'], ['']])('on a terminal, anything but "yes" (%j) cancels: nothing is sent, exit 0', async (answer) => {
    const wandb = company();
    const { code, stdout, stderr } = await run(wandb, ['sync', 'apply', PEOPLE], { terminal: true, answer });
    expect({ code, stderr }).toMatchObject({ code: EXIT.OK }); // stderr shown when it fails
    expect(stdout).toContain('  + create user bob@acme.example');
    expect(stderr).toMatch(/Enter a value: Not applied: nothing was changed\.\n$/);
    expect(mutations(wandb)).toEqual([]);
  });

  it('shows the plan it asks about even with --quiet', async () => {
    const wandb = company();
    const { stdout } = await run(wandb, ['--quiet', 'sync', 'apply', PEOPLE], { terminal: true, answer: 'no\n' });
    expect(stdout).toContain('  + create user bob@acme.example');
  });

  it('without a terminal and without --yes: refused (exit 2) before anything is read or sent', async () => {
    const wandb = company();
    const { code, stderr } = await run(wandb, ['sync', 'apply', PEOPLE]);
    expect({ code, stderr }).toMatchObject({ code: EXIT.USAGE }); // stderr shown when it fails
    expect(stderr).toBe(
      'wandb-users: error: sync apply asks for confirmation, and there is no terminal to ask on\n' +
        `Pass --yes to confirm: wandb-users sync apply ${PEOPLE} --yes, or apply a plan reviewed before: --plan plan.json.\n`,
    );
    expect(wandb.calls).toEqual([]);
  });

  it('--json never asks, on a terminal too: it needs --yes or a saved plan', async () => {
    const wandb = company();
    const refused = await run(wandb, ['--json', 'sync', 'apply', PEOPLE], { terminal: true, answer: 'yes\n' });
    expect(refused).toMatchObject({ code: EXIT.USAGE });
    expect(JSON.parse(refused.stderr).error.message).toBe('sync apply asks for confirmation, and --json never asks');
    expect(wandb.calls).toEqual([]);
    const yes = await run(wandb, ['--json', 'sync', 'apply', PEOPLE, '--yes']);
    expect(yes).toMatchObject({ code: EXIT.OK });
    expect(wandb.effects).toEqual(['createUser bob@acme.example false']);
  });

  it('a saved plan is applied without asking (it was reviewed when it was made); nothing to do is not asked about', async () => {
    const wandb = company();
    const saved = await run(wandb, ['--json', 'sync', 'plan', PEOPLE]);
    const plan = file('plan.json', saved.stdout);
    const applied = await run(wandb, ['sync', 'apply', '--plan', plan]);
    expect(applied).toMatchObject({ code: EXIT.OK });
    expect(wandb.effects).toEqual(['createUser bob@acme.example false']);
    const nothing = await run(wandb, ['sync', 'apply', PEOPLE], { terminal: true, answer: '' });
    expect(nothing).toMatchObject({ code: EXIT.OK });
    expect(nothing.stderr).not.toContain('Enter a value');
  });
});

describe('the single-target commands that remove: [y/N] on a terminal, --yes otherwise', () => {
  it.each([
    [['teams', 'remove', 'ml', 'ann'], 'teams remove'],
    [['keys', 'delete', 'abc'], 'keys delete'],
    [['keys', 'rotate'], 'keys rotate'],
  ])('%j without a terminal and without --yes: refused (exit 2) before any request', async (args, command) => {
    // No server at all: the refusal comes before any request would fail.
    const { io, stderr } = memoryIo({ env: { WANDB_BASE_URL: 'http://127.0.0.1:9', WANDB_API_KEY: 'k'.repeat(40) } });
    expect(await runWith(args, io, { syncClient: () => company().client() })).toBe(EXIT.USAGE);
    expect(stderr()).toContain(`${command} asks for confirmation, and there is no terminal to ask on`);
  });
});
