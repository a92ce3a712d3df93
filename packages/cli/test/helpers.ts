import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { allIssuedSecrets, type FakeWandb } from '@wandb-ts/testing';
import { type Io, Interrupts, run } from '../src';

/** The built binary: tests drive what users run. */
export const BIN = join(__dirname, '..', 'dist', 'cjs', 'bin.js');

export interface Result {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Extra or overriding environment; `undefined` values remove a variable. */
  env?: Record<string, string | undefined>;
  /** Written to the child's stdin, which is then closed. */
  input?: string;
  cwd?: string;
  /** Secrets that may appear on stdout (a key just created or rotated); none may ever appear on stderr. */
  secretsOnStdout?: boolean;
  /** Run the built binary in a child process rather than `run()` in this one (see {@link Cli}). */
  subprocess?: boolean;
}

const tempDirs: string[] = [];
afterAll(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory, removed after the test file. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wandb-users-test-'));
  tempDirs.push(dir);
  return dir;
}

/**
 * A clean environment for the child: nothing from the developer's shell (no
 * WANDB_*, no real ~/.netrc), HOME and NETRC in a temporary directory.
 */
export function baseEnv(home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, NETRC: join(home, 'no-netrc'), LANG: 'C.UTF-8' };
}

function mergeEnv(base: Record<string, string>, extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Fails when any secret a fake server issued shows where it must not. */
export function expectNoLeak(result: Pick<Result, 'stdout' | 'stderr'>, secretsOnStdout = false): void {
  const secrets = allIssuedSecrets();
  // Count only, never the secret: the assertion message must not leak either.
  expect(secrets.filter((s) => result.stderr.includes(s)).length).toBe(0);
  if (!secretsOnStdout) expect(secrets.filter((s) => result.stdout.includes(s)).length).toBe(0);
}

const children = new Set<ChildProcess>();
// A test that fails half-way must not leave a server or an import running.
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/** Starts `wandb-users` as a child process (killed after the test file if still running). */
export function start(args: string[], env: NodeJS.ProcessEnv, options: { cwd?: string } = {}): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  child.once('close', () => children.delete(child));
  return child;
}

/** Collects a child's output and waits for it to end. */
export function finish(child: ChildProcess, input?: string): Promise<Result> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  if (input !== undefined) child.stdin?.end(input);
  else child.stdin?.end();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** The directory in-process runs work in, how many are running there, and the directory to go back to. */
const inProcess = { cwd: '', runs: 0, back: '' };

/**
 * Runs the CLI in this process with `run(args, io)`, the environment and
 * standard input given, in `cwd` (relative paths in arguments resolve there);
 * undefined when it cannot: another in-process run is working in another
 * directory, or the environment has no NETRC (the CLI would then read the
 * ~/.netrc of this process's home, not the test's).
 */
async function runHere(args: string[], env: NodeJS.ProcessEnv, cwd: string, input?: string): Promise<Result | undefined> {
  if (env.NETRC === undefined || (inProcess.runs > 0 && inProcess.cwd !== cwd)) return undefined;
  const { io, stdout, stderr } = memoryIo({ stdin: input ?? '', env });
  if (inProcess.runs++ === 0) {
    inProcess.back = process.cwd();
    process.chdir(cwd);
    inProcess.cwd = cwd;
  }
  try {
    const code = await run(args, io);
    return { code, signal: null, stdout: stdout(), stderr: stderr() };
  } finally {
    if (--inProcess.runs === 0) process.chdir(inProcess.back);
  }
}

/**
 * Runs `wandb-users` with `env`, in `cwd`: in this process when it can (see
 * runHere), else, or with `subprocess`, the built binary in a child process.
 */
export async function wandbUsers(args: string[], env: NodeJS.ProcessEnv, options: { cwd: string; input?: string; subprocess?: boolean }): Promise<Result> {
  const here = options.subprocess ? undefined : await runHere(args, env, options.cwd, options.input);
  return here ?? finish(start(args, env, { cwd: options.cwd }), options.input);
}

/**
 * A CLI bound to one fake server and key. Each call runs `wandb-users` in this
 * process (`run(args, io)` with in-memory streams, over real HTTP to the
 * fake), which costs a few milliseconds where a child process costs half a
 * second of CPU; `{ subprocess: true }` runs the built binary instead, for
 * what only a process has (signals, exit, the bin's own wiring).
 */
export class Cli {
  readonly home: string;
  apiKey: string;

  constructor(
    readonly fake: FakeWandb,
    apiKey = fake.adminApiKey,
  ) {
    this.home = tempDir();
    this.apiKey = apiKey;
  }

  env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    return mergeEnv({ ...baseEnv(this.home), WANDB_BASE_URL: this.fake.baseUrl, WANDB_API_KEY: this.apiKey }, extra);
  }

  async run(args: string[], options: RunOptions = {}): Promise<Result> {
    const result = await wandbUsers(args, this.env(options.env), { ...options, cwd: options.cwd ?? this.home });
    expectNoLeak(result, options.secretsOnStdout);
    return result;
  }

  /** Runs and parses stdout as one JSON document. */
  async json(args: string[], options: RunOptions = {}): Promise<{ result: Result; body: any }> {
    const result = await this.run(['--json', ...args], options);
    return { result, body: result.stdout.trim() === '' ? undefined : JSON.parse(result.stdout) };
  }

  /** Writes a file in the CLI's working directory and returns its path. */
  file(name: string, content: string): string {
    const path = join(this.home, name);
    writeFileSync(path, content);
    return path;
  }
}

/** NDJSON lines as objects. */
export function ndjson(text: string): any[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
}

/** Whether util-linux `script` (a pseudo-terminal for the child) is available. */
export function hasScript(): boolean {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `wandb-users` on a pseudo-terminal (util-linux `script`), so stdout and
 * stderr are a TTY as on a person's screen; `input` is typed on it. Returns the terminal transcript.
 */
export function runOnTerminal(args: string[], env: NodeJS.ProcessEnv, cwd: string, input?: string): Promise<Result> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const child = spawn('script', ['-qfec', `stty cols 120 rows 40 2>/dev/null; exec ${quoted}`, '/dev/null'], { env, cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  return finish(child, input);
}

/** Polls until `check` holds, within `ms`. */
export async function waitFor(check: () => boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** In-memory streams for an in-process run: `io` to pass, and what was written. */
export function memoryIo(options: { stdin?: string; env?: NodeJS.ProcessEnv } = {}): { io: Io; stdout: () => string; stderr: () => string } {
  const collect = () => {
    const stream = new PassThrough();
    let text = '';
    stream.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    return { stream: stream as unknown as NodeJS.WriteStream, text: () => text };
  };
  const out = collect();
  const err = collect();
  let stdin: NodeJS.ReadStream = process.stdin;
  if (options.stdin !== undefined) {
    const input = new PassThrough();
    input.end(options.stdin);
    stdin = input as unknown as NodeJS.ReadStream;
  }
  const interrupts = new Interrupts(() => {
    throw new Error('no signals in-process');
  });
  return { io: { stdout: out.stream, stderr: err.stream, stdin, env: options.env ?? {}, interrupts }, stdout: out.text, stderr: err.text };
}

/** Runs the CLI in this process (for output that needs no server, e.g. --help), with in-memory streams. */
export async function runInProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const { io, stdout, stderr } = memoryIo();
  const code = await run(args, io);
  return { code, stdout: stdout(), stderr: stderr() };
}
