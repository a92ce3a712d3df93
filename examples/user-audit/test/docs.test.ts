import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

// The guide (docs/downstream-codegen.md) and the READMEs that walk this
// example show its files and run its scripts. Blocks marked
// `<!-- example: PATH -->` must equal the file, the block marked
// `<!-- install: PATH -->` must be the install command for that package.json,
// and every `npm run X` in a command block must be a script of this package:
// nothing on those pages is a copy that can rot.
const PACKAGE = join(__dirname, '..');
const ROOT = join(PACKAGE, '..', '..');
const GUIDE = join(ROOT, 'docs', 'downstream-codegen.md');
const USERS_README = join(ROOT, 'packages', 'users', 'README.md');
const SCHEMA_README = join(ROOT, 'packages', 'schema', 'README.md');
const manifest = JSON.parse(readFileSync(join(PACKAGE, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface Block {
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  content: string;
  marker?: { kind: string; target: string };
}

/** Every fenced block of a Markdown file, with the marker comment on the line before it, if any. */
function blocks(file: string): Block[] {
  const lines = readFileSync(file, 'utf8').split('\n');
  const found: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)$/.exec(lines[i]!);
    if (!open) continue;
    const end = lines.indexOf('```', i + 1);
    if (end < 0) throw new Error(`${file}:${i + 1}: unclosed code block`);
    const marker = /^<!-- (example|install): (\S+) -->$/.exec(lines[i - 1] ?? '');
    const content = lines
      .slice(i + 1, end)
      .map((line) => `${line}\n`)
      .join('');
    found.push({ line: i + 1, lang: open[1]!, content, ...(marker && { marker: { kind: marker[1]!, target: marker[2]! } }) });
    i = end;
  }
  return found;
}

/** The lines of `file` from the heading `## title` to the next `## `. */
function section(file: string, title: string): string {
  const text = readFileSync(file, 'utf8');
  const start = text.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`${file} has no section "## ${title}"`);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end < 0 ? undefined : end);
}

/**
 * What a downstream package installs to follow the guide: this package's
 * dependencies, and the dev tools the guide uses, each pinned to the exact
 * version this repository runs (on Node 20) where the example pins one.
 */
function installCommand(): string {
  const spec = (name: string, version: string) => (/^\d/.test(version) ? `${name}@${version}` : name);
  const devTools = Object.entries(manifest.devDependencies).filter(([name]) => /^@(wandb-ts|graphql-codegen|graphql-typed-document-node)\//.test(name));
  const dependencies = Object.entries(manifest.dependencies);
  return `npm install ${dependencies.map(([n, v]) => spec(n, v)).join(' ')}\nnpm install --save-dev ${devTools.map(([n, v]) => spec(n, v)).join(' ')}\n`;
}

describe.each([
  ['docs/downstream-codegen.md', GUIDE],
  ['packages/users/README.md', USERS_README],
  ['packages/schema/README.md', SCHEMA_README],
])('%s', (_name, file) => {
  const marked = blocks(file).filter((block) => block.marker);

  test.each(marked.map((block) => [`line ${block.line}: ${block.marker!.kind} ${block.marker!.target}`, block] as const))('%s', (_label, block) => {
    const target = resolve(dirname(file), block.marker!.target);
    if (block.marker!.kind === 'example') expect(block.content).toBe(readFileSync(target, 'utf8'));
    else expect({ target, content: block.content }).toEqual({ target: join(PACKAGE, 'package.json'), content: installCommand() });
  });
});

test("the guide's overrides for Node 20 are the repository's own, which its codegen runs with", () => {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { overrides: Record<string, unknown> };
  const shown = blocks(GUIDE).find((block) => block.lang === 'json' && block.content.includes('"overrides"'));
  const overrides = (JSON.parse(shown!.content) as { overrides: Record<string, unknown> }).overrides;
  expect(Object.keys(overrides).length).toBeGreaterThan(0);
  for (const [name, version] of Object.entries(overrides)) expect({ name, version }).toEqual({ name, version: root.overrides[name] });
});

test('the guide shows every file of the example a downstream package writes by hand, and its install command', () => {
  const shown = blocks(GUIDE).flatMap((block) => (block.marker ? [`${block.marker.kind} ${resolve(dirname(GUIDE), block.marker.target)}`] : []));
  expect(shown).toEqual([
    `install ${join(PACKAGE, 'package.json')}`,
    ...['codegen.yml', 'src/graphql/user-audit.graphql', 'src/graphql/provision-user.graphql', 'src/audit.ts', 'src/provision.ts', 'package.json'].map(
      (f) => `example ${join(PACKAGE, f)}`,
    ),
  ]);
});

test.each([
  ['docs/downstream-codegen.md', GUIDE, readFileSync(GUIDE, 'utf8')],
  ['the "Write your own operations" section of packages/users/README.md', USERS_README, section(USERS_README, 'Write your own operations')],
])('every npm command in %s is a script of the example, and every link leads to a file', (_name, file, text) => {
  const commands = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split('\n')).filter((line) => /^npm (run|test)\b/.test(line));
  expect(commands.length).toBeGreaterThan(0);
  for (const command of commands) {
    const script = /^npm (?:run (\S+)|(test))/.exec(command)!;
    expect({ command, script: manifest.scripts[script[1] ?? script[2]!] }).toEqual({ command, script: expect.any(String) });
  }
  const links = [...text.matchAll(/\]\((\.\.?\/[^)#\s]+)(?:#[^)]*)?\)/g)].map((m) => m[1]!);
  expect(links.length).toBeGreaterThan(0);
  for (const link of links) expect({ link, exists: existsSync(resolve(dirname(file), link)) }).toEqual({ link, exists: true });
});
