#!/usr/bin/env node
// `npm run codegen:check`: fails when the committed generated code is not what
// codegen.yml produces from schema/ and the .graphql operations (stale), or
// when an operation does not validate against the schema (invalid). It runs
// GraphQL Code Generator's CLI (its programmatic API: the same configuration
// loading and generation as `npm run codegen`) in memory and compares; it
// never writes. Beyond the CLI's own `--check`, it reports a file left in an
// output folder that codegen.yml no longer produces (a removed output).
//
// Usage: node tools/codegen-check.mjs [--root DIR]   (DIR holds codegen.yml; default: cwd)
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

// The CLI's CommonJS build, as `npm run codegen` runs it (graphql-codegen-cjs):
// Node loads its ~2,000 modules as CommonJS in about two thirds of the CPU
// time it takes as ES modules (docs/performance.md, benchmark 6).
const require = createRequire(import.meta.url);
const { generate, loadContext } = require('@graphql-codegen/cli');
// The same graphql-js as the CLI's (loaded already), and the glob matcher for documents.
const { parse, Source } = require('graphql');
const { globSync } = require('tinyglobby');

/**
 * Checks the generated code of the repository at `root` (which holds
 * codegen.yml) and resolves to `{ ok, report }`: the lines to print, on
 * standard output when ok, else on standard error. Works in `root` as codegen
 * does (process.chdir), so that codegen.yml's relative paths resolve there.
 */
export async function checkGenerated(root) {
  process.chdir(root);
  let outputs;
  try {
    const context = await loadContext(join(root, 'codegen.yml'));
    context.updateConfig({ silent: true, verbose: false, errorsOnly: true });
    const unparsable = syntaxErrors(root, context.getConfig());
    if (unparsable.length > 0) {
      return {
        ok: false,
        report: [
          'codegen:check: operation files that do not parse (GraphQL Code Generator leaves them out without a word):',
          ...unparsable.map((e) => e.replace(/^/gm, '  ')),
        ],
      };
    }
    outputs = await generate(context, false);
  } catch (error) {
    // Every output validates the same documents, so one mistake fails each of them: say it once.
    const messages = (error?.errors?.length ? error.errors : [error]).map((e) =>
      String(e?.message ?? e)
        .split(`${root}/`)
        .join(''),
    );
    return {
      ok: false,
      report: [
        'codegen:check: operations are invalid against schema/wandb.graphql (or codegen.yml is broken):',
        [...new Set(messages)].join('\n').replace(/^/gm, '  '),
      ],
    };
  }

  const stale = [];
  const produced = new Set();
  for (const output of outputs) {
    const file = resolve(root, output.filename);
    produced.add(file);
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (committed === undefined) stale.push(`${relative(root, file)} (missing)`);
    else if (committed !== output.content) stale.push(`${relative(root, file)} (differs)`);
  }
  // A generated file that codegen no longer produces is stale too.
  for (const dir of new Set([...produced].map((f) => resolve(f, '..')))) {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (!produced.has(file)) stale.push(`${relative(root, file)} (not produced by codegen.yml)`);
    }
  }
  if (stale.length > 0) {
    return { ok: false, report: ['codegen:check: generated code is stale; run `npm run codegen` and commit the result:', ...stale.map((line) => `  ${line}`)] };
  }
  return { ok: true, report: [`codegen:check: ${outputs.length} generated file(s) up to date`] };
}

/**
 * The syntax errors of the document files codegen.yml names (top-level and
 * per output), each with its file, line and column. The CLI's document
 * loading drops a file that does not parse when other files of the same glob
 * load, and generates without its operations: this says so instead.
 */
function syntaxErrors(root, config) {
  const patterns = [config.documents, ...Object.values(config.generates ?? {}).map((output) => output?.documents)]
    .flat()
    .filter((pattern) => typeof pattern === 'string');
  const errors = [];
  for (const file of globSync(patterns, { cwd: root }).sort()) {
    try {
      parse(new Source(readFileSync(join(root, file), 'utf8'), file));
    } catch (error) {
      errors.push(String(error));
    }
  }
  return errors;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { root: { type: 'string' } } });
  // Codegen reports through listr and its own logger; keep it quiet, we print our own verdict.
  process.env.CI ??= 'true';
  const { ok, report } = await checkGenerated(resolve(values.root ?? process.cwd()));
  for (const line of report) (ok ? console.log : console.error)(line);
  process.exitCode = ok ? 0 : 1;
}
