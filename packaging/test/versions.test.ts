import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncVersions, withVersion } from '../lib/versions.cjs';

const VERSION_TS = "/** This package's version. */\nexport const VERSION = '0.1.0';\n";

test('withVersion replaces only the version literal', () => {
  expect(withVersion(VERSION_TS, '0.2.0')).toBe("/** This package's version. */\nexport const VERSION = '0.2.0';\n");
  expect(withVersion('export const VERSION = "1.0.0";\n', '1.0.1-rc.0')).toBe('export const VERSION = "1.0.1-rc.0";\n');
});

test('withVersion refuses a file that does not declare VERSION as a literal', () => {
  expect(() => withVersion('export const VERSION = pkg.version;\n', '1.0.0', 'src/version.ts')).toThrow(
    "src/version.ts has no line `export const VERSION = '...';`",
  );
});

describe('syncVersions', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'packaging-versions-'));
    write('package.json', JSON.stringify({ private: true, workspaces: ['packages/*'] }));
    // What `changeset version` leaves behind: package.json bumped, version.ts not.
    write('packages/users/package.json', JSON.stringify({ name: '@x/users', version: '0.2.0' }));
    write('packages/users/src/version.ts', VERSION_TS);
    write('packages/testing/package.json', JSON.stringify({ name: '@x/testing', version: '0.1.1' }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  test('--check reports the difference and writes nothing', () => {
    expect(syncVersions({ root, check: true })).toEqual([{ file: join('packages', 'users', 'src', 'version.ts'), version: '0.2.0' }]);
    expect(readFileSync(join(root, 'packages/users/src/version.ts'), 'utf8')).toBe(VERSION_TS);
  });

  test('rewrites version.ts to the package.json version, then has nothing left to do', () => {
    expect(syncVersions({ root })).toHaveLength(1);
    expect(readFileSync(join(root, 'packages/users/src/version.ts'), 'utf8')).toContain("export const VERSION = '0.2.0';");
    expect(syncVersions({ root, check: true })).toEqual([]);
  });
});
