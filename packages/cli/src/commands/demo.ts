import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { FakeWandb } from '@wandb-ts/testing';
import { examples, type Register } from '../command.js';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { packageDir } from '../package-paths.cjs';
import { SEED, startSeededFake } from '../seed.js';
import { type Printable, t } from '../output/terminal/styled.js';
import { syncTour } from './demo-sync.js';
import { refuseServerOptions } from './serve.js';

/** The sample file of the import step, shipped in the package's examples/. */
const SAMPLE_CSV = ['examples', 'new-hires.csv'];
/** Added to each user creation during the import step, so the progress bar has something to show. */
const CREATE_LATENCY_MS = 200;

const MEANING: Record<number, string> = {
  2: 'usage: here, no --yes where nobody can be asked',
  3: 'authentication',
  7: 'partial failure: some rows need attention',
  10: 'changes pending',
};

interface Step {
  title: string;
  why: string;
  args: string[];
  expect?: number;
  /** Keep stdout (a secret) instead of showing it. */
  capture?: boolean;
  /** Let the person answer on the demo's own terminal (stdin). */
  interactive?: boolean;
  apiKey?: string;
}

/** A secret shown by its start only: the demo prints what happened, never a whole key. */
function masked(secret: string): string {
  return `${secret.slice(0, 6)}… (${secret.length} characters)`;
}

class Session {
  apiKey: string;

  constructor(
    private readonly ctx: Context,
    private readonly fake: FakeWandb,
    private readonly dir: string,
  ) {
    this.apiKey = fake.adminApiKey;
  }

  say(text: Printable = ''): void {
    this.ctx.out.line(text);
  }

  /** A remark between steps, dimmed. */
  note(text: string): void {
    this.say(this.ctx.out.c.dim(`  ${text}`));
  }

  /**
   * Runs the real `wandb-users` command, as a person would type it, in this
   * process (a child process each would cost the demo about half a second of
   * CPU a step): with the demo's own environment, in the demo's directory
   * (the action's working directory), stdin empty unless the person answers
   * (interactive), and its output on the demo's streams, or stdout kept when
   * it holds a secret.
   */
  async step({ title, why, args, expect = EXIT.OK, capture = false, interactive = false, apiKey = this.apiKey }: Step): Promise<string> {
    const { c } = this.ctx.out;
    this.say();
    this.say(c.bold(t`▸ ${title}`));
    this.say(c.dim(t`  ${why}`));
    this.say(c.cyan(t`$ wandb-users ${args.map((a) => (/^[\w@./=-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}`));
    const env: NodeJS.ProcessEnv = {
      ...this.ctx.io.env,
      WANDB_BASE_URL: this.fake.baseUrl,
      WANDB_API_KEY: apiKey,
      HOME: this.dir,
      NETRC: join(this.dir, 'netrc'),
    };
    let stdout = '';
    const kept = new Writable({
      write(chunk: Buffer, _encoding, done) {
        stdout += chunk.toString('utf8');
        done();
      },
    });
    const empty = new PassThrough();
    empty.end();
    const stdin = interactive ? this.ctx.io.stdin : (empty as unknown as NodeJS.ReadStream);
    const code = await this.ctx.runCommand(args, {
      stdout: capture ? (kept as NodeJS.WriteStream) : this.ctx.io.stdout,
      stderr: this.ctx.io.stderr,
      stdin,
      env,
      interrupts: this.ctx.io.interrupts,
    });
    if (code !== expect) throw new CliError(`demo step "${title}" exited with ${code}, expected ${expect}`, EXIT.FAILURE);
    if (code !== EXIT.OK) this.say(c.dim(t`  (exit status ${code}: ${MEANING[code] ?? 'see --help'})`));
    return stdout.trim();
  }
}

async function tour(session: Session, fake: FakeWandb, dir: string): Promise<void> {
  const csv = join(dir, 'new-hires.csv');
  const failed = join(dir, 'new-hires.failed.csv');
  copyFileSync(join(packageDir(), ...SAMPLE_CSV), csv);

  await session.step({ title: 'Who am I?', why: 'The key in WANDB_API_KEY belongs to the instance admin of this server.', args: ['whoami'] });
  await session.step({
    title: 'Who is here already?',
    why: 'Everyone whose email contains acme.example, streamed page by page.',
    args: ['users', 'search', 'acme.example'],
  });

  fake.injectFault({ operation: 'CreateUserFromAdmin', times: Infinity, fault: { type: 'latency', ms: CREATE_LATENCY_MS } });
  await session.step({
    title: 'Import a CSV of new hires',
    why: `19 rows: one is already a user, one repeats another, one has a typo in its email. (The demo server takes ${CREATE_LATENCY_MS} ms per user, so the progress bar has time to show on a terminal.)`,
    args: ['users', 'import', 'new-hires.csv', '--concurrency', '4'],
    expect: EXIT.PARTIAL,
  });
  fake.clearFaults();
  session.note('The rows left to redo, with the reason, in a file that can be fed back in:');
  for (const line of readFileSync(failed, 'utf8').trimEnd().split('\n')) session.say(`    ${line}`);

  writeFileSync(failed, readFileSync(failed, 'utf8').replace('omar.farouk@acme,', 'omar.farouk@acme.example,'));
  await session.step({
    title: 'Fix the typo and feed the failed rows back in',
    why: 'Imports are safe to repeat: users that exist are reported as such and never created twice.',
    args: ['users', 'import', 'new-hires.failed.csv'],
  });
  await session.step({ title: 'Look one up', why: 'hana.kim was imported as an instance admin.', args: ['users', 'get', 'hana.kim@acme.example'] });

  const created = await session.step({
    title: 'Create an API key',
    why: 'The secret goes to stdout, once (the demo hides it).',
    args: ['keys', 'create', '--description', 'demo laptop'],
    capture: true,
  });
  session.say(`  [secret ${masked(created)}]`);
  await session.step({ title: 'List keys', why: 'Names and descriptions only; the key this command uses is marked.', args: ['keys', 'list'] });

  const oldKey = session.apiKey;
  const rotated = await session.step({
    title: 'Rotate the key in use',
    why: 'Creates a new key, checks that it authenticates, then deletes the old one; on any failure the old key is kept. (--yes: on a terminal it would ask first.)',
    args: ['keys', 'rotate', '--yes'],
    capture: true,
  });
  session.say(`  [new secret ${masked(rotated)}]`);
  session.apiKey = rotated;
  await session.step({
    title: 'The old key is gone',
    why: 'Anything still using it is refused.',
    args: ['whoami'],
    apiKey: oldKey,
    expect: EXIT.AUTHENTICATION,
  });

  await session.step({ title: 'Your teams', why: 'One a line, for scripts.', args: ['teams'] });
  await session.step({ title: "Someone else's teams", why: 'Looking at another user needs an instance admin.', args: ['teams', '--user', 'salvarez'] });
  await session.step({
    title: 'A team and its members',
    why: 'Roles (admin, member, viewer, and this server\'s custom "labeler"), a pending invitation, and a service account, whose key is never listed.',
    args: ['teams', 'show', 'perception'],
  });

  await session.step({
    title: 'Set up a team',
    why: 'Instance admins create teams; Sofía is its first admin.',
    args: ['teams', 'create', 'vision', '--admin-user', 'salvarez'],
  });
  await session.step({
    title: 'Invite a colleague',
    why: 'By username (or by email); they are pending until they accept.',
    args: ['teams', 'invite', 'vision', 'mchen'],
  });
  await session.step({
    title: 'Invite someone new, as a viewer',
    why: 'An address without an account: W&B mails the invitation.',
    args: ['teams', 'invite', 'vision', 'rosa.ng@acme.example', '--role', 'viewer'],
  });
  fake.acceptInvite('vision', 'mchen');
  session.note('Marcus follows the link in his invitation and joins (the demo does it for him).');
  await session.step({
    title: 'Give him a role',
    why: 'Roles change once a member has joined; a team always keeps an admin.',
    args: ['teams', 'set-role', 'vision', 'mchen', 'admin'],
  });
  const machine = await session.step({
    title: 'A service account for the nightly jobs',
    why: 'A member of the team with a key of its own; the secret goes to stdout, once (the demo hides it).',
    args: ['teams', 'service-account', 'create', 'vision', '--description', 'Vision nightly eval'],
    capture: true,
  });
  session.say(`  [secret ${masked(machine)}]`);
  await session.step({ title: 'The team now', why: 'Two admins, a pending viewer, the service account.', args: ['teams', 'show', 'vision'] });
}

export const registerDemo: Register = (program, context) => {
  program
    .command('demo')
    .description('a guided session against a fake W&B server started on 127.0.0.1 for the occasion')
    .addHelpText(
      'after',
      `
The demo never talks to a real W&B server and never reads your key: it starts
the fake server of @wandb-ts/testing (${SEED.organisation}, a few users and
teams), runs the real commands against it with their own environment (users,
keys, a team set up: created, invitations, a role, a service account; last, a
sync from a file: its plan, its review (on a terminal you answer it), its
apply, and a plan with nothing left), and stops it. WANDB_BASE_URL, WANDB_API_KEY and ~/.netrc are ignored, so it is
safe whatever is configured.
${examples(['wandb-users demo', 'npm start            # the same, from the repository'])}`,
    )
    .action(async () => {
      const ctx = context();
      refuseServerOptions(ctx, 'demo');
      const { out } = ctx;
      const { fake } = await startSeededFake({ command: 'demo' });
      const dir = mkdtempSync(join(tmpdir(), 'wandb-users-demo-'));
      try {
        out.line(out.c.bold(t`wandb-users demo: a fake W&B server for ${SEED.organisation} is running at ${fake.baseUrl} (in memory, this machine only).`));
        const configured = ['WANDB_BASE_URL', 'WANDB_API_KEY'].filter((name) => ctx.io.env[name] !== undefined);
        if (configured.length > 0)
          out.line(
            out.c.dim(
              t`${configured.join(' and ')} ${configured.length > 1 ? 'are' : 'is'} set here; the demo leaves them alone and uses only its own server.`,
            ),
          );
        const session = new Session(ctx, fake, dir);
        // The steps' file arguments (new-hires.csv, people.yaml) are relative, as a person types them.
        const back = process.cwd();
        process.chdir(dir);
        try {
          await tour(session, fake, dir);
          await syncTour(session, dir, ctx.io.stdin.isTTY === true && out.stderrIsTTY);
        } finally {
          process.chdir(back);
        }
        out.line();
        out.line(out.c.bold('Done: the fake server stops now, and nothing else was touched.'));
        out.line('Next: `wandb-users serve` keeps such a server running to try commands by hand; `wandb-users --help` lists them all.');
      } finally {
        await fake.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
};
