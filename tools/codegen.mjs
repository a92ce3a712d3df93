#!/usr/bin/env node
// `npm run codegen`: runs codegen.yml with GraphQL Code Generator's core API
// (@graphql-codegen/core and the plugins it names) instead of its CLI. The CLI
// loads some 2,200 modules (schema loaders for URLs, git, GitHub, code files...)
// before it starts; this loads the ~200 that generating from a local SDL file
// and .graphql documents needs, so it runs in a third of the time
// (docs/performance.md). tools/test/codegen.test.ts proves its output equals
// the CLI's for this repository's codegen.yml; `npx graphql-codegen` still works.
//
// It implements the part of codegen.yml this repository uses (schema: a file;
// documents: globs, top-level and per output, which the CLI adds together;
// generates: outputs with plugins and config) and refuses anything else,
// rather than generating something the CLI would not.
//
// Usage: node tools/codegen.mjs [--root DIR]   (DIR holds codegen.yml; default: cwd)
// tools/codegen-check.mjs runs the same generate() and compares, writing nothing.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { codegen } from '@graphql-codegen/core';
import fg from 'fast-glob';
import { buildASTSchema, parse, Source, specifiedRules, validate } from 'graphql';
import YAML from 'yaml';

const TOP_LEVEL = new Set(['overwrite', 'schema', 'documents', 'ignoreNoDocuments', 'config', 'generates', 'silent', 'verbose', 'errorsOnly']);
const PER_OUTPUT = new Set(['documents', 'plugins', 'config']);
// Rules GraphQL Code Generator does not apply to documents (@graphql-codegen/core).
const SKIPPED_RULES = ['NoUnusedFragments', 'NoUnusedVariables', 'KnownDirectives'];

/** An error whose message a person can act on: what is wrong, and where. */
export class CodegenError extends Error {}

const requireHere = createRequire(import.meta.url);

/** The plugin module for a name in codegen.yml, found as the CLI finds it (`@graphql-codegen/<name>` first). */
async function loadPlugin(name, root) {
  for (const candidate of [`@graphql-codegen/${name}`, `@graphql-codegen/${name}-plugin`, name]) {
    let path;
    try {
      path = requireHere.resolve(candidate, { paths: [root, dirname(fileURLToPath(import.meta.url))] });
    } catch {
      continue;
    }
    return import(pathToFileURL(path).href);
  }
  throw new CodegenError(`codegen.yml names the plugin "${name}", but neither @graphql-codegen/${name} nor ${name} is installed`);
}

function loadConfig(root) {
  const file = join(root, 'codegen.yml');
  let config;
  try {
    config = YAML.parse(readFileSync(file, 'utf8'), { prettyErrors: true, merge: true });
  } catch (error) {
    throw new CodegenError(`codegen.yml cannot be read: ${error.message}`);
  }
  const unsupported = Object.keys(config ?? {}).filter((key) => !TOP_LEVEL.has(key));
  if (unsupported.length)
    throw new CodegenError(`codegen.yml uses ${unsupported.join(', ')}, which tools/codegen.mjs does not implement; run \`npx graphql-codegen\` or extend it`);
  if (typeof config.schema !== 'string') throw new CodegenError('codegen.yml: schema must be one local SDL file');
  for (const [output, spec] of Object.entries(config.generates ?? {})) {
    const extra = Object.keys(spec ?? {}).filter((key) => !PER_OUTPUT.has(key));
    if (extra.length) throw new CodegenError(`codegen.yml: ${output} uses ${extra.join(', ')}, which tools/codegen.mjs does not implement`);
  }
  return config;
}

function parseFile(root, path) {
  const name = relative(root, path);
  try {
    return parse(new Source(readFileSync(path, 'utf8'), name));
  } catch (error) {
    throw new CodegenError(error.toString());
  }
}

/**
 * Everything codegen.yml generates, as `{ filename, content }` (filename
 * relative to `root`), without writing. Throws CodegenError when the
 * configuration is unsupported or an operation is invalid against the schema.
 */
export async function generate({ root }) {
  const config = loadConfig(root);
  const schemaDocument = parseFile(root, resolve(root, config.schema));
  let schema;
  try {
    schema = buildASTSchema(schemaDocument);
  } catch (error) {
    throw new CodegenError(`${config.schema} is not a valid schema: ${error.message}`);
  }

  const rules = specifiedRules.filter((rule) => !SKIPPED_RULES.some((skipped) => rule.name.startsWith(skipped)));
  const parsed = new Map();
  /** An output's documents: the top-level globs and its own, as the CLI adds them, each file parsed once. */
  const documentsOf = async (spec) => {
    const patterns = [config.documents ?? [], spec.documents ?? []].flat();
    const files = (await fg(patterns, { cwd: root, absolute: true })).sort();
    if (files.length === 0 && config.ignoreNoDocuments === false) throw new CodegenError(`codegen.yml: documents (${patterns.join(', ')}) match no file`);
    const documents = files.map((path) => {
      if (!parsed.has(path)) parsed.set(path, { location: relative(root, path), document: parseFile(root, path) });
      return parsed.get(path);
    });
    // An output's documents together, as the operations and their fragments will be sent.
    const errors = validate(schema, { kind: 'Document', definitions: documents.flatMap((d) => d.document.definitions) }, rules);
    if (errors.length) throw new CodegenError(errors.map((error) => error.toString()).join('\n\n'));
    return documents;
  };

  const outputs = [];
  for (const [filename, spec] of Object.entries(config.generates ?? {})) {
    const documents = await documentsOf(spec);
    const plugins = (spec.plugins ?? []).map((plugin) => (typeof plugin === 'string' ? { [plugin]: {} } : plugin));
    const pluginMap = {};
    for (const plugin of plugins) {
      const name = Object.keys(plugin)[0];
      pluginMap[name] ??= await loadPlugin(name, root);
    }
    const content = await codegen({
      filename,
      schema: schemaDocument,
      schemaAst: schema,
      documents,
      config: { ...config.config, ...spec.config },
      plugins,
      pluginMap,
    });
    outputs.push({ filename, content });
  }
  return outputs;
}

/** Writes the outputs whose content changed; returns the files written. */
export function write(root, outputs) {
  const written = [];
  for (const { filename, content } of outputs) {
    const path = resolve(root, filename);
    if (existsSync(path) && readFileSync(path, 'utf8') === content) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    written.push(filename);
  }
  return written;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { root: { type: 'string' } } });
  const root = resolve(values.root ?? process.cwd());
  try {
    const outputs = await generate({ root });
    const written = write(root, outputs);
    console.log(`codegen: ${outputs.length} file(s) generated${written.length ? `, written: ${written.join(', ')}` : ', all unchanged'}`);
  } catch (error) {
    if (!(error instanceof CodegenError)) throw error;
    console.error(`codegen: ${error.message}`);
    process.exit(1);
  }
}
