import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// publint and attw, as check-packages.mjs runs them, on a tarball with known
// mistakes: the check must report them, or its "no problems" means nothing.
// (check-packages.mjs is an ES module that imports ES-only tools, so it runs in
// a child process.)
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'packaging-linters-'));
  const pkg = join(dir, 'pkg');
  mkdirSync(pkg);
  writeFileSync(
    join(pkg, 'package.json'),
    JSON.stringify({
      name: 'broken-example',
      version: '1.0.0',
      type: 'commonjs',
      main: './index.js',
      // types last (publint), and one CommonJS .d.ts for an ES module `import` target (attw: masquerading as CJS)
      exports: { '.': { import: './index.mjs', require: './index.js', types: './index.d.ts' } },
    }),
  );
  writeFileSync(join(pkg, 'index.js'), 'exports.answer = 42;\n');
  writeFileSync(join(pkg, 'index.mjs'), 'export const answer = 42;\n');
  writeFileSync(join(pkg, 'index.d.ts'), 'export declare const answer: number;\n');
  execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: pkg, stdio: 'ignore' });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('publint and attw findings on a broken tarball are reported', () => {
  const script = `import(${JSON.stringify(join(__dirname, '..', 'scripts', 'check-packages.mjs'))}).then(async (m) => console.log(JSON.stringify(await m.lintTarball(${JSON.stringify(join(dir, 'broken-example-1.0.0.tgz'))}))))`;
  const found: string[] = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  expect(found).toEqual(
    expect.arrayContaining([
      expect.stringMatching(/^publint error EXPORTS_TYPES_SHOULD_BE_FIRST: /),
      expect.stringMatching(/^attw: FalseCJS types \/node_modules\/broken-example\/index\.d\.ts for \/node_modules\/broken-example\/index\.mjs: /),
    ]),
  );
}, 60_000);

test('attw skips packages without entry points and subpaths that export plain files', () => {
  const scope = (manifest: unknown) => {
    const script = `import(${JSON.stringify(join(__dirname, '..', 'scripts', 'check-packages.mjs'))}).then((m) => console.log(JSON.stringify(m.attwScope(${JSON.stringify(manifest)}))))`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }));
  };
  expect(scope({ name: 'cli', bin: { cli: './dist/cjs/bin.js' } })).toEqual({ run: false, exclude: [] });
  expect(
    scope({
      name: 'schema',
      exports: { '.': { import: { types: './a.d.ts', default: './a.js' } }, './wandb.graphql': './wandb.graphql', './package.json': './package.json' },
    }),
  ).toEqual({ run: true, exclude: ['./wandb.graphql'] });
});
