import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type FakeWandb, implementedFields, startFakeWandb } from '../src';
import { post } from './helpers';

const SCRIPT = join(__dirname, '..', 'scripts', 'field-table.mjs');
const README = join(__dirname, '..', 'README.md');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SCRIPT, ...args], (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}

test("README.md's field table is what the resolver tables implement (npm run readme:fields rewrites it)", async () => {
  const result = await run(['--check']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

test('the check fails, naming the line, when the table leaves out a field the fake implements', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'field-table-'));
  try {
    const copy = join(dir, 'README.md');
    const text = readFileSync(README, 'utf8');
    const row = text.split('\n').find((line) => line.startsWith('| `User` |'))!;
    writeFileSync(copy, text.replace(row, row.replace(' `createdAt`', '')));
    const result = await run(['--check', '--readme', copy]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`  expected: ${row}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('against the server', () => {
  let fake: FakeWandb;
  beforeAll(async () => {
    fake = await startFakeWandb();
  });
  afterAll(() => fake.close());

  test('a listed field answers; a field of the same type that is not listed is a GraphQL error naming it', async () => {
    expect(implementedFields()).toContain('User.createdAt');
    expect(implementedFields()).not.toContain('User.apiKey');
    const listed = await post(fake, fake.adminApiKey, '{ viewer { createdAt } }');
    expect(listed.body).toEqual({ data: { viewer: { createdAt: expect.any(String) } } });
    const unlisted = await post(fake, fake.adminApiKey, '{ viewer { apiKey } }');
    // The wording the README's table quotes.
    expect(unlisted.body.errors).toEqual([
      expect.objectContaining({ message: 'User.apiKey is not implemented by the fake W&B server', extensions: { code: 'NOT_IMPLEMENTED' } }),
    ]);
    expect(readFileSync(README, 'utf8')).toContain('`User.apiKey is not implemented by the fake W&B server`');
  });
});
