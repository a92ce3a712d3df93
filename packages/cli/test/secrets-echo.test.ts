import { randomBytes } from 'node:crypto';
import { EXIT } from '../src';
import { runInProcess } from './helpers';

// A key typed on the command line by mistake must not be echoed by any
// message commander prints: unknown option, invalid argument, unknown command,
// excess arguments. (In-process: none of these sends anything.)

const KEY = randomBytes(20).toString('hex');
const LOCAL_KEY = `local-${randomBytes(20).toString('hex')}`;

/** Count only: an assertion message must not print the key either. */
function occurrences(text: string, secret: string): number {
  return text.split(secret).length - 1;
}

test.each([
  ['--api-key=KEY', [`--api-key=${KEY}`, 'whoami'], /unknown option '--api-key=\[REDACTED\]'/],
  ['--api-key KEY after the command', ['whoami', '--api-key', KEY], /unknown option '--api-key'/],
  ['--apikey=KEY', [`--apikey=${KEY}`, 'whoami'], /unknown option '--apikey=\[REDACTED\]'/],
  ['another unknown option with the key as its value', [`--token=${KEY}`, 'whoami'], /unknown option '--token=\[REDACTED\]'/],
  ['the key as an invalid option value', ['--timeout', KEY, 'whoami'], /argument '\[REDACTED\]' is invalid/],
  ['the key as a command', [KEY], /unknown command '\[REDACTED\]'/],
  ['the key as an excess argument', ['whoami', KEY], /too many arguments/],
  ['an on-premises key (local-...)', ['users', 'import', 'x.csv', '--concurrency', LOCAL_KEY], /argument '\[REDACTED\]' is invalid/],
])('%s: exit 2, the key not echoed', async (_what, args, message) => {
  const { code, stdout, stderr } = await runInProcess(args);
  expect(code).toBe(EXIT.USAGE);
  expect(stderr).toMatch(message);
  expect(occurrences(stdout + stderr, KEY) + occurrences(stdout + stderr, LOCAL_KEY)).toBe(0);
});

test('a short value given to --api-key is masked too, whatever its shape', async () => {
  const { code, stderr } = await runInProcess(['--api-key=hunter2', 'whoami']);
  expect(code).toBe(EXIT.USAGE);
  expect(stderr).not.toContain('hunter2');
  expect(stderr).toMatch(/There is no --api-key flag/);
});
