import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// tools/readme-examples.mjs, run on scratch repositories: every block marked
// `<!-- example: PATH -->` must equal its file, in any README of the tree.
const script = join(__dirname, '..', 'readme-examples.mjs');

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'readme-examples-'));
  spawnSync('git', ['init', '-q'], { cwd: scratch });
  mkdirSync(join(scratch, 'pkg', 'examples'), { recursive: true });
  writeFileSync(join(scratch, 'pkg', 'examples', 'hello.mjs'), "console.log('hello');\n");
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const readme = (block: string, marker = '<!-- example: examples/hello.mjs -->') => `# pkg\n\nText.\n\n${marker}\n\`\`\`js\n${block}\n\`\`\`\n\nMore text.\n`;
const check = (...args: string[]) => {
  const run = spawnSync(process.execPath, [script, '--root', scratch, ...args], { encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
};

test('passes when every marked block equals its file, in nested READMEs too', () => {
  writeFileSync(join(scratch, 'pkg', 'README.md'), readme("console.log('hello');"));
  writeFileSync(join(scratch, 'README.md'), readme("console.log('hello');", '<!-- example: pkg/examples/hello.mjs -->'));
  const { code, output } = check();
  expect(output).toBe('readme:check: 2 example block(s) match their files\n');
  expect(code).toBe(0);
});

test('fails on a block that differs from its file, naming README, line and file', () => {
  writeFileSync(join(scratch, 'pkg', 'README.md'), readme("console.log('hello, old');"));
  const { code, output } = check();
  expect(output).toContain('pkg/README.md:5: the block differs from examples/hello.mjs');
  expect(code).toBe(1);
});

test('fails on a marker whose file is missing, or that has no code block under it', () => {
  writeFileSync(join(scratch, 'pkg', 'README.md'), readme('x', '<!-- example: examples/gone.mjs -->'));
  expect(check().output).toContain('pkg/README.md:5: examples/gone.mjs does not exist');
  writeFileSync(join(scratch, 'pkg', 'README.md'), '<!-- example: examples/hello.mjs -->\nno fence\n');
  expect(check().output).toContain('pkg/README.md:1: the example marker for examples/hello.mjs is not followed by a fenced code block');
});

test('--write copies the files into their blocks, leaving the rest as it was', () => {
  writeFileSync(join(scratch, 'pkg', 'README.md'), readme('stale\nlines'));
  expect(check('--write').code).toBe(0);
  expect(readFileSync(join(scratch, 'pkg', 'README.md'), 'utf8')).toBe(readme("console.log('hello');"));
  expect(check().code).toBe(0);
});

test("the repository's own READMEs pass", () => {
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  expect(run.stdout).toMatch(/^readme:check: \d+ example block\(s\) match their files$/m);
  expect(run.status).toBe(0);
});
