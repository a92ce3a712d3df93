import { spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { join } from 'node:path';
import { EXIT } from '../src';
import { syncTour } from '../src/commands/demo-sync';
import { SEED, startSeededFake } from '../src/seed-entry';
import { baseEnv, BIN, finish, start, tempDir } from './helpers';

const home = tempDir();
const KEY_SHAPED = /[A-Za-z0-9_-]{40,}/;

function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port) });
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('demo', () => {
  test('runs the whole session against its own server and exits 0, ignoring a configured server and key, never printing a whole key', async () => {
    // Nothing listens on port 9, and the key is no key: had the demo used them, it would fail.
    const env = { ...baseEnv(home), WANDB_BASE_URL: 'http://127.0.0.1:9', WANDB_API_KEY: 'k'.repeat(40) };
    const { code, stdout, stderr } = await finish(start(['demo'], env));
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/WANDB_BASE_URL and WANDB_API_KEY are set here; the demo leaves them alone/);
    // The two errors: the step that shows the rotated-out key being refused, and the apply that cannot ask.
    expect(stderr.match(/error/gi)).toEqual(['error', 'error']);
    expect(stderr).toMatch(/wandb-users: error: the server rejected the API key/);
    expect(stderr).toMatch(/wandb-users: error: sync apply asks for confirmation, and there is no terminal to ask on/);
    const steps = [...stdout.matchAll(/^\$ wandb-users (.*)$/gm)].map((m) => m[1]);
    expect(steps).toEqual([
      'whoami',
      'users search acme.example',
      'users import new-hires.csv --concurrency 4',
      'users import new-hires.failed.csv',
      'users get hana.kim@acme.example',
      'keys create --description "demo laptop"',
      'keys list',
      'keys rotate --yes',
      'whoami',
      'teams',
      'teams --user salvarez',
      'teams show perception',
      'teams create vision --admin-user salvarez',
      'teams invite vision mchen',
      'teams invite vision rosa.ng@acme.example --role viewer',
      'teams set-role vision mchen admin',
      'teams service-account create vision --description "Vision nightly eval"',
      'teams show vision',
      'sync plan people.yaml',
      'sync apply people.yaml',
      'sync apply people.yaml --yes',
      'sync plan people.yaml',
      'sync export --team simulation',
    ]);
    expect(stdout).toMatch(/^nightly-eval\s+Nightly eval\s+member\s+service account\s+joined$/m);
    expect(stdout).toMatch(/^mchen: member -> admin in team vision$/m);
    expect(stdout).toMatch(/^rosa\.ng@acme\.example\s+rosa\.ng@acme\.example\s+viewer\s+-\s+pending$/m);
    expect(stdout).toMatch(/^vision-nightly-eval\s+Vision nightly eval\s+member\s+service account\s+joined$/m);
    expect(stdout).toMatch(/\[secret \S+… \(\d+ characters\)\]\n[\s\S]*\[secret \S+… \(\d+ characters\)\]/);
    expect(stdout).toMatch(/created\s+hana\.kim@acme\.example/);
    expect(stdout).toMatch(/exists\s+marcus\.chen@acme\.example/);
    expect(stdout).toMatch(/created\s+omar\.farouk@acme\.example/);
    expect(stdout).toMatch(/\(exit status 7: partial failure/);
    expect(stdout).toMatch(/\(exit status 3: authentication/);
    expect(stderr).toMatch(/Rotated the API key of admin/);
    // The last step: a sync file, its plan, its apply, and a plan that finds nothing left to do.
    expect(stdout).toMatch(/\+ create team simulation with kmensah as its admin\n[\s\S]*\(exit status 10: changes pending\)/);
    expect(stdout).toMatch(/\(exit status 2: [^)]*\)\n[\s\S]*▸ Apply it as a script would/);
    expect(stdout).toMatch(/^done +\+ invite ines\.costa@acme\.example to simulation as viewer$/m);
    expect(stdout).toMatch(/No changes: the server matches people\.yaml\.\n[\s\S]*Done: the fake server stops now/);
    expect(stdout).toMatch(/^version: 2\nscope:\n {2}teams: \[simulation\]\nteams:\n {2}simulation: \{\}\nusers:\n/m);
    expect(stdout).toMatch(/^ {2}- email: ines\.costa@acme\.example\n {4}teams: \{ simulation: viewer \}$/m);
    expect(stdout).toMatch(/Done: the fake server stops now/);
    // Secrets are shown by their start only; the 40-k "key" above is not printed either.
    expect(stdout + stderr).not.toMatch(KEY_SHAPED);
  }, 90_000);

  test('refuses --base-url and --api-key-file: it only ever runs its own server', async () => {
    const [url, file] = await Promise.all([
      finish(start(['--base-url', 'http://127.0.0.1:9', 'demo'], baseEnv(home))),
      finish(start(['--api-key-file', 'key.txt', 'demo'], baseEnv(home))),
    ]);
    for (const refused of [url, file]) {
      expect(refused.code).toBe(EXIT.USAGE);
      expect(refused.stderr).toMatch(/runs its own fake W&B server/);
    }
  });
});

describe('the demo on a terminal', () => {
  test('gives the apply of its sync step the terminal, to answer the review itself', async () => {
    const steps: { args: string[]; expect?: number; interactive?: boolean }[] = [];
    const session = {
      step: async (step: (typeof steps)[number]) => {
        steps.push(step);
        return '';
      },
      say() {},
      note() {},
    };
    await syncTour(session, tempDir(), true);
    expect(steps.map((s) => [s.args.join(' '), s.interactive === true, s.expect ?? 0])).toEqual([
      ['sync plan people.yaml', false, EXIT.PENDING],
      ['sync apply people.yaml', true, 0],
      ['sync apply people.yaml --yes', false, 0],
      ['sync plan people.yaml', false, 0],
      ['sync export --team simulation', false, 0],
    ]);
  });
});

describe('serve', () => {
  async function serve(args: string[] = []) {
    const child = start(['serve', ...args], baseEnv(home));
    const done = finish(child);
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // Ready when every seeded user's line is out (stdout holds secrets: never put it in a message).
    await new Promise<void>((resolve, reject) => {
      const check = () => ((stdout.match(/^#\s+WANDB_API_KEY=/gm) ?? []).length === SEED.users.length ? resolve() : undefined);
      child.stdout!.on('data', check);
      child.once('close', () => reject(new Error('serve ended early')));
    });
    return { child, done, stdout: () => stdout };
  }

  test.each([['SIGTERM'], ['SIGINT']] as const)(
    'prints the environment to use it, serves the seeded organisation, and stops cleanly on %s',
    async (signal) => {
      const server = await serve();
      const env = Object.fromEntries([...server.stdout().matchAll(/^export (WANDB_\w+)=(\S+)/gm)].map((m) => [m[1], m[2]]));
      expect(env.WANDB_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(/^#\s+WANDB_API_KEY=\S+\s+# priya \(instance admin\)$/m.test(server.stdout())).toBe(true);

      const whoami = await finish(start(['--json', 'whoami'], { ...baseEnv(home), ...env }));
      expect(JSON.parse(whoami.stdout).user).toMatchObject({ username: 'admin', teams: ['platform'] });
      const search = await finish(start(['--json', 'users', 'search', 'acme.example'], { ...baseEnv(home), ...env }));
      expect(search.stdout.trim().split('\n')).toHaveLength(7);

      server.child.kill(signal);
      const { code, stderr } = await server.done;
      expect(code).toBe(EXIT.OK);
      expect(stderr).toMatch(/Serving until Ctrl-C/);
      expect(stderr).toMatch(/stopped\n$/);
      expect(await refused(env.WANDB_BASE_URL!)).toBe(true);
    },
    30_000,
  );

  test('--json: one document with the URL, the environment and the seeded users with their keys', async () => {
    const child = start(['--json', 'serve'], baseEnv(home));
    const done = finish(child);
    let out = '';
    await new Promise<void>((resolve) =>
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        if (out.includes('\n')) resolve();
      }),
    );
    child.kill('SIGTERM');
    expect((await done).code).toBe(EXIT.OK);
    const doc = JSON.parse(out);
    // Compared without printing: the keys are secrets (of a fake, but still).
    expect(doc.env.WANDB_BASE_URL).toBe(doc.baseUrl);
    expect(doc.env.WANDB_API_KEY === doc.users[0].apiKey && /^[A-Za-z0-9]{40}$/.test(doc.env.WANDB_API_KEY)).toBe(true);
    expect(doc.users.map((u: { username: string }) => u.username)).toEqual(['admin', 'priya', 'mchen', 'salvarez', 'kmensah', 'lnovak', 'tsilva', 'jtanaka']);
    const { apiKey, ...tomas } = doc.users[6];
    expect(tomas).toEqual({ username: 'tsilva', email: 'tomas.silva@acme.example', admin: false, teams: ['perception'] });
    expect(typeof apiKey).toBe('string');
  }, 30_000);

  test('--port: a port in use is an environment error (exit 9) saying what to do, not a hang or a bug', async () => {
    const first = await serve(['--port', '0']);
    const port = new URL(/export WANDB_BASE_URL=(\S+)/.exec(first.stdout())![1]!).port;
    const second = await finish(start(['serve', '--port', port], baseEnv(home)));
    expect(second.code).toBe(EXIT.ENVIRONMENT);
    expect(second.stderr).toBe(
      `wandb-users: error: port ${port} on 127.0.0.1 is already in use\nStop what uses it, or pick another port: --port N, or --port 0 for a free one.\n`,
    );
    const json = await finish(start(['--json', 'serve', '--port', port], baseEnv(home)));
    expect(JSON.parse(json.stderr)).toEqual({
      error: { name: 'EnvironmentError', message: `port ${port} on 127.0.0.1 is already in use`, exitCode: EXIT.ENVIRONMENT, hint: expect.any(String) },
    });
    first.child.kill('SIGTERM');
    await first.done;
  }, 30_000);
});

describe('without @wandb-ts/testing (an optional peer dependency)', () => {
  const WITHOUT = join(__dirname, 'fixtures', 'without-testing.cjs');
  const run = (args: string[], env: NodeJS.ProcessEnv = baseEnv(home)) => {
    const child = spawn(process.execPath, ['-r', WITHOUT, BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    return finish(child);
  };

  test.each([['demo'], ['serve']])('%s: exit 9, saying how to install it', async (command) => {
    const { code, stdout, stderr } = await run([command]);
    expect(code).toBe(EXIT.ENVIRONMENT);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `wandb-users: error: \`wandb-users ${command}\` runs the fake W&B server of @wandb-ts/testing, which is not installed\n` +
        `Install it next to @wandb-ts/cli (\`npm install -g @wandb-ts/testing\`, or \`npm install --save-dev @wandb-ts/testing\` in a project), or run once with \`npx -p @wandb-ts/cli -p @wandb-ts/testing wandb-users ${command}\`.\n`,
    );
    const json = await run(['--json', command]);
    expect(JSON.parse(json.stderr).error).toMatchObject({ name: 'EnvironmentError', exitCode: EXIT.ENVIRONMENT });
  });

  test('every other command works: it is loaded only by demo and serve', async () => {
    const fake = await startSeededFake();
    try {
      const { code, stdout } = await run(['--json', 'whoami'], { ...baseEnv(home), WANDB_BASE_URL: fake.fake.baseUrl, WANDB_API_KEY: fake.fake.adminApiKey });
      expect(code).toBe(EXIT.OK);
      expect(JSON.parse(stdout).user.username).toBe('admin');
    } finally {
      await fake.fake.close();
    }
  });
});

test('the bin is what package.json points at', () => {
  expect(require('../package.json').bin['wandb-users']).toBe('./dist/cjs/bin.js');
  expect(BIN.endsWith('dist/cjs/bin.js')).toBe(true);
});
