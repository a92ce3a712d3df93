import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const PACKAGE = join(__dirname, '..');
const MISUSE = join(__dirname, 'misuse.ts');
const TSC = join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
const DIRECTIVE = /^(\s*)\/\/ @ts-expect-error (TS\d+) (.*)$/;

interface Expectation {
  line: number;
  code: string;
  why: string;
}

// `npm run typecheck` proves each @ts-expect-error in test/misuse.ts is needed;
// this proves each is needed for the reason it gives: a directive can hide any
// error on its line, a typo included.
test('each misuse in test/misuse.ts is rejected by tsc with the error its directive names, and nothing else is', async () => {
  const lines = readFileSync(MISUSE, 'utf8').split('\n');
  const expected: Expectation[] = [];
  const stripped = lines.map((text, index) => {
    const directive = DIRECTIVE.exec(text);
    if (!directive) return text;
    expected.push({ line: index + 2, code: directive[2]!, why: directive[3]! });
    return `${directive[1]}// (directive removed)`;
  });
  expect(expected.length).toBeGreaterThanOrEqual(8);
  // Every directive names its error, or it would be left in the copy unchecked.
  expect(lines.filter((text) => /^\s*\/\/\s*@ts-(expect-error|ignore)/.test(text) && !DIRECTIVE.test(text))).toEqual([]);

  const dir = mkdtempSync(join(tmpdir(), 'user-audit-misuse-'));
  try {
    // The copy lives outside the package; it reaches the package's modules by absolute path and node_modules by a link.
    symlinkSync(join(PACKAGE, '..', '..', 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'misuse.ts'), stripped.join('\n').replaceAll("from '../src", `from '${join(PACKAGE, 'src')}`));
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ extends: join(PACKAGE, 'tsconfig.json'), compilerOptions: { rootDir: '/' }, include: ['misuse.ts'] }),
    );
    const output = await new Promise<string>((resolve) => {
      execFile(process.execPath, [TSC, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { cwd: dir }, (_error, stdout) => resolve(stdout));
    });
    const found = [...output.matchAll(/^misuse\.ts\((\d+),\d+\): error (TS\d+): /gm)].map((m) => ({ line: Number(m[1]), code: m[2] }));
    expect(found).toEqual(expected.map(({ line, code }) => ({ line, code })));
    // No error anywhere else (continuation lines of a message are indented).
    expect(output.split('\n').filter((line) => /^\S/.test(line) && !line.startsWith('misuse.ts('))).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
