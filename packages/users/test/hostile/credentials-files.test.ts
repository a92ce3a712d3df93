import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, DEFAULT_MAX_CREDENTIALS_FILE_BYTES, readCredentialsFile, resolveCredentials, ValidationError } from '../../src';
import { thrown } from '../helpers';

// Credentials files (the SDK's part) are read with a size
// bound, so NETRC=/dev/zero or a huge file fails at once instead of filling
// memory. The CLI reuses readCredentialsFile for --api-key-file.

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'wandb-ts-credentials-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('NETRC=/dev/zero is a ValidationError naming NETRC, after reading at most the bound', () => {
  const rssBefore = process.memoryUsage().rss;
  const error = thrown(() => new Api({ baseUrl: 'https://api.wandb.ai', env: { NETRC: '/dev/zero' } }));
  expect(error).toBeInstanceOf(ValidationError);
  expect(error).toMatchObject({
    argument: 'netrc',
    message: `/dev/zero is larger than ${DEFAULT_MAX_CREDENTIALS_FILE_BYTES} bytes, too large for a credentials file; it was not read`,
  });
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(64 * 1024 * 1024);
  expect(thrown(() => resolveCredentials({ env: { NETRC: '/dev/zero' } }))).toBeInstanceOf(ValidationError);
});

test('a netrc file larger than the bound is refused from its size, without reading it', () => {
  const path = join(dir, 'huge-netrc');
  writeFileSync(path, '');
  truncateSync(path, 10 * 1024 * 1024 * 1024); // 10 GiB, sparse: reading it would take a while
  // Watched, not replaced: the file module reads through node:fs's readSync.
  const reads = jest.spyOn(require('node:fs') as typeof import('node:fs'), 'readSync');
  try {
    expect(thrown(() => resolveCredentials({ env: { NETRC: path } }))).toMatchObject({ name: 'ValidationError', argument: 'netrc' });
    expect(reads).not.toHaveBeenCalled();
  } finally {
    reads.mockRestore();
  }
});

test('a netrc within the bound is read as before, and says where the key came from', () => {
  const path = join(dir, 'netrc');
  writeFileSync(path, `machine api.wandb.ai login user password ${'n'.repeat(40)}\n`);
  const found = resolveCredentials({ env: { NETRC: path } });
  expect(found).toMatchObject({ apiKeySource: 'netrc', netrcPath: path, baseUrl: 'https://api.wandb.ai' });
  expect(found.apiKey).toBe('n'.repeat(40));
  expect(resolveCredentials({ apiKey: 'k'.repeat(40), env: {} }).netrcPath).toBeUndefined();
});

describe('readCredentialsFile', () => {
  test('reads a small file whole; refuses one over maxBytes; I/O errors come as Node reports them', () => {
    const path = join(dir, 'key');
    writeFileSync(path, 'abc\n');
    expect(readCredentialsFile(path)).toBe('abc\n');
    expect(readCredentialsFile(path, { maxBytes: 4 })).toBe('abc\n');
    expect(thrown(() => readCredentialsFile(path, { maxBytes: 3, argument: '--api-key-file' }))).toMatchObject({
      name: 'ValidationError',
      argument: '--api-key-file',
    });
    expect(thrown(() => readCredentialsFile(join(dir, 'absent')))).toMatchObject({ code: 'ENOENT' });
  });

  test('reads what a pipe sends, within the bound', () => {
    // A shell pipeline into /dev/stdin, as `--api-key-file /dev/stdin` or `<(pass show wandb)` gives a CLI.
    const script = `const { readCredentialsFile } = require(${JSON.stringify(join(__dirname, '..', '..', 'dist', 'cjs', 'index.js'))});
      try { console.log(JSON.stringify(readCredentialsFile('/dev/stdin', { maxBytes: 16 }))); } catch (e) { console.log(e.name); }`;
    const piped = (command: string) =>
      spawnSync('sh', ['-c', `${command} | "$NODE" -e "$SCRIPT"`], {
        encoding: 'utf8',
        env: { PATH: process.env.PATH, NODE: process.execPath, SCRIPT: script },
      });
    expect(piped('printf from-a-pipe').stdout.trim()).toBe('"from-a-pipe"');
    expect(piped('yes').stdout.trim()).toBe('ValidationError');
  });
});
