#!/usr/bin/env node
// `npm run readme:check` (part of `npm test`): every README code block that
// can run is a file that a test runs, embedded in the README as the line
//
//   <!-- example: examples/name.mjs -->
//
// followed by a fenced code block whose content is exactly the file's (the
// path is relative to the README). This checks, for every README.md the
// repository tracks, that each marked block equals its file, so a README
// cannot show code that the tests no longer run. `--write` copies the files
// into the blocks instead of failing.
//
// Usage: node tools/readme-examples.mjs [--root DIR] [--write]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MARKER = /^<!-- example: (\S+) -->$/;
const FENCE = /^(`{3,}|~{3,})/;

/** The README.md files under `root` that git tracks, or would (new files not ignored). */
export function readmes(root) {
  const listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*README.md', 'README.md'], {
    cwd: root,
    encoding: 'utf8',
  });
  return listed
    .split('\n')
    .filter((path) => path && /(^|\/)README\.md$/.test(path) && !path.includes('node_modules/'))
    .map((path) => join(root, path))
    .filter((path) => existsSync(path));
}

/**
 * The marked blocks of a README: `{ line, path, fence, start, end }`, where
 * start..end are the lines of the block's content; a marker without a fenced
 * block right under it is an error.
 */
export function markedBlocks(text, name) {
  const lines = text.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i].trim());
    if (!marker) continue;
    const open = FENCE.exec(lines[i + 1] ?? '');
    if (!open) throw new Error(`${name}:${i + 1}: the example marker for ${marker[1]} is not followed by a fenced code block`);
    const close = lines.findIndex((line, j) => j > i + 1 && line.startsWith(open[1]) && line.trim() === open[1]);
    if (close === -1) throw new Error(`${name}:${i + 2}: the code block of ${marker[1]} is never closed`);
    blocks.push({ line: i + 1, path: marker[1], start: i + 2, end: close });
    i = close;
  }
  return { lines, blocks };
}

/** Checks (or with `write`, updates) the README at `path`; returns the problems found, one line each. */
export function checkReadme(path, { root, write = false }) {
  const name = relative(root, path);
  const { lines, blocks } = markedBlocks(readFileSync(path, 'utf8'), name);
  const problems = [];
  let changed = false;
  // From the last block up, so that replacing one keeps the line numbers of those before it.
  for (const block of [...blocks].reverse()) {
    const file = resolve(dirname(path), block.path);
    if (!existsSync(file)) {
      problems.push(`${name}:${block.line}: ${block.path} does not exist`);
      continue;
    }
    const expected = readFileSync(file, 'utf8').replace(/\n$/, '').split('\n');
    const actual = lines.slice(block.start, block.end);
    if (JSON.stringify(actual) === JSON.stringify(expected)) continue;
    if (write) {
      lines.splice(block.start, block.end - block.start, ...expected);
      changed = true;
    } else problems.push(`${name}:${block.line}: the block differs from ${block.path}`);
  }
  if (changed) writeFileSync(path, lines.join('\n'));
  return { blocks: blocks.length, problems: problems.reverse() };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { root: { type: 'string' }, write: { type: 'boolean' } } });
  const root = resolve(values.root ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
  let blocks = 0;
  const problems = [];
  try {
    for (const readme of readmes(root)) {
      const result = checkReadme(readme, { root, write: values.write === true });
      blocks += result.blocks;
      problems.push(...result.problems);
    }
  } catch (error) {
    problems.push(error.message);
  }
  if (problems.length > 0) {
    console.error('readme:check: README examples differ from the files the tests run (`node tools/readme-examples.mjs --write` copies the files in):');
    for (const problem of problems) console.error(`  ${problem}`);
    process.exit(1);
  }
  console.log(`readme:check: ${blocks} example block(s) match their files`);
}
