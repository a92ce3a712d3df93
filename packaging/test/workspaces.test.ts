import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { coverageProblems, publicPackages, workspaces } from '../lib/workspaces.cjs';

let root: string;

function manifest(dir: string, content: Record<string, unknown>) {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, 'package.json'), JSON.stringify(content));
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'packaging-workspaces-'));
  manifest('.', { name: 'root', private: true, workspaces: ['packages/*', 'tools'] });
  // Alphabetically "cli" comes first, but it depends on "users", which depends on "base".
  manifest('packages/cli', { name: '@x/cli', version: '1.0.0', dependencies: { '@x/users': '^1.0.0', commander: '^12.0.0' } });
  manifest('packages/users', { name: '@x/users', version: '1.0.0', peerDependencies: { '@x/base': '^1.0.0' } });
  manifest('packages/base', { name: '@x/base', version: '1.0.0' });
  manifest('packages/internal', { name: '@x/internal', version: '0.0.0', private: true });
  mkdirSync(join(root, 'packages', 'not-a-package'));
  manifest('tools', { name: '@x/tools', private: true });
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

test('finds every workspace, and publishes those not marked private, dependencies first', () => {
  expect(workspaces(root).map((w: { manifest: { name: string } }) => w.manifest.name)).toEqual(['@x/base', '@x/cli', '@x/internal', '@x/users', '@x/tools']);
  expect(publicPackages(root).map((w: { manifest: { name: string } }) => w.manifest.name)).toEqual(['@x/base', '@x/users', '@x/cli']);
});

test('refuses workspace patterns it cannot expand rather than missing packages', () => {
  manifest('.', { name: 'root', workspaces: ['packages/**'] });
  expect(() => workspaces(root)).toThrow('workspace pattern packages/** is not supported');
});

test('a dependency cycle between public packages is an error', () => {
  manifest('packages/base', { name: '@x/base', version: '1.0.0', dependencies: { '@x/cli': '^1.0.0' } });
  expect(() => publicPackages(root)).toThrow(/dependency cycle/);
});

test('every public package must be a devDependency of the packaging workspace', () => {
  const packages = publicPackages(root);
  expect(coverageProblems(packages, { devDependencies: { '@x/base': '*', '@x/users': '*', '@x/cli': '*' } })).toEqual([]);
  expect(coverageProblems(packages, { devDependencies: { '@x/base': '*', '@x/users': '*' } })).toEqual([
    '@x/cli is public but not a devDependency of packaging/package.json ("@x/cli": "*"), so turbo would not build it before these checks',
  ]);
});
