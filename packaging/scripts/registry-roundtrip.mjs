#!/usr/bin/env node
// The registry round-trip: what we would publish, installed by a stranger.
//
//  1. pack every public workspace (what `npm publish` would upload);
//  2. start verdaccio on 127.0.0.1 (temp storage, no uplinks) and `npm publish`
//     each tarball to it;
//  3. in a fresh project outside the repository, `npm install` the packages from
//     that registry (only the @wandb-ts scope is mapped to it; graphql-request
//     and friends come from the normal npm registry);
//  4. type-check consumer/consumer.ts (and consumer/node-only.ts without the DOM
//     library, consumer/browser.ts without @types/node, consumer/node16.ts under
//     module node16) under `strict` with TypeScript 7 and 5.9, as an ES module
//     and as CommonJS (nodenext), then run both builds against the fake W&B
//     server and compare their output with what they must print;
//  5. import every export of every package with `import` and with `require`, and
//     check both expose the same names;
//  6. run `wandb-users demo` and `serve` where @wandb-ts/testing was installed,
//     and in a project with @wandb-ts/cli alone (the optional peer absent), check
//     they exit 9 saying how to get it;
//  7. stop the registry by its pid, also on failure.
//
//   node packaging/scripts/registry-roundtrip.mjs [--keep]   (--keep leaves the temp directory)
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatBytes, isMain } from '../lib/format.cjs';
import { tempDir } from '../lib/pack.cjs';
import { checkWithTesting, checkWithoutTesting } from '../lib/cli-roundtrip.cjs';
import { installConsumer, publishLocally } from '../lib/publish.cjs';
import { sh, step } from '../lib/run.cjs';
import { SCOPE } from '../lib/verdaccio.cjs';
import { ROOT, publicPackages, readJson } from '../lib/workspaces.cjs';

const consumerTemplate = join(dirname(fileURLToPath(import.meta.url)), '..', 'consumer');
const require = createRequire(import.meta.url);

/** The repository's TypeScript (7.x), and the 5.x that most consumers still use (this workspace's own, also TypeDoc's). */
export const COMPILERS = {
  ts7: { name: 'TypeScript 7', bin: join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc') },
  ts5: { name: 'TypeScript 5', bin: join(dirname(require.resolve('typescript/package.json')), 'bin', 'tsc') },
};

/**
 * TypeScript 7 checks every declaration file involved (skipLibCheck false), with
 * and without the DOM library. TypeScript 5 checks that the consumer compiles
 * against our declarations (it still parses and resolves them all), but skips
 * re-checking the bodies of .d.ts files, which in 5.x costs 10 s of @types/node
 * and DOM library per run and finds nothing TypeScript 7 has not.
 */
const TYPE_CHECKS = [
  // This one also emits out/consumer.js (noEmitOnError), which is what runs.
  { label: 'TypeScript 7, strict', compiler: COMPILERS.ts7, config: 'tsconfig.json', args: [] },
  { label: 'TypeScript 7, strict, no DOM library', compiler: COMPILERS.ts7, config: 'tsconfig.node-only.json', args: ['--noEmit'] },
  // A browser project: no @types/node at all. The SDK's public types must stand on the standard library.
  { label: 'TypeScript 7, strict, no @types/node', compiler: COMPILERS.ts7, config: 'tsconfig.browser.json', args: ['--noEmit'] },
  // module: node16, where graphql-request can only be loaded with import() from CommonJS (the users README).
  { label: 'TypeScript 7, strict, module node16', compiler: COMPILERS.ts7, config: 'tsconfig.node16.json', args: ['--noEmit'] },
  { label: 'TypeScript 5, strict', compiler: COMPILERS.ts5, config: 'tsconfig.json', args: ['--noEmit', '--skipLibCheck'] },
];

/** Versions the consumer installs next to our packages: the ones the repository is tested with. */
function installedVersion(name) {
  return readJson(join(ROOT, 'node_modules', name, 'package.json')).version;
}

/** What consumer.ts must print, line by line. */
export function expectedOutput({ moduleSystem, usersVersion }) {
  return [
    'viewer: admin (admin: true)',
    'ann: ann@example.com, teams: vision',
    'created: <User new.hire@example.com>',
    'again: ConflictError (CreateUserFromAdmin)',
    'new key: 40 characters; keys listed: 2',
    'graphql-request viewer: admin',
    'graphql-request search: admin, ann, new-hire',
    `@wandb-ts/users ${usersVersion} as ${moduleSystem === 'esm' ? 'an ES module' : 'CommonJS'}`,
  ];
}

/** A script that loads every JavaScript export of every package and prints the names each exposes, as JSON. */
function exportsProbe(packages, moduleSystem) {
  const specifiers = [];
  for (const { manifest } of packages) {
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (typeof target === 'object') specifiers.push(subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`);
    }
  }
  // A default export (such as @wandb-ts/schema/codegen-loader's) is a name like
  // any other: an ES module lists it, and CommonJS output carries it as `exports.default`.
  const names = moduleSystem === 'esm' ? 'Object.keys(await import(spec))' : 'Object.keys(require(spec)).filter((k) => k !== "__esModule")';
  const body = `const out = {};\nfor (const spec of ${JSON.stringify(specifiers)}) out[spec] = ${names}.sort();\nconsole.log(JSON.stringify(out));\n`;
  return moduleSystem === 'esm' ? body : `(async () => {\n${body}})();\n`;
}

export async function roundTrip({ keep = false } = {}) {
  const packages = publicPackages();
  const work = tempDir('roundtrip');
  const consumer = join(work, 'consumer');
  let registry;
  try {
    const published = await publishLocally(packages, work);
    registry = published.registry;
    const { packed, npmrc } = published;

    const dependencies = Object.fromEntries(packed.map((p) => [p.name, p.version]));
    for (const name of ['graphql-request', 'graphql', '@types/node']) dependencies[name] = installedVersion(name);
    await installConsumer({ dir: consumer, dependencies, registry, npmrc });
    for (const p of packed) {
      const installed = readJson(join(consumer, 'node_modules', ...p.name.split('/'), 'package.json'));
      if (installed.version !== p.version) throw new Error(`installed ${p.name}@${installed.version}, expected ${p.version} from the local registry`);
    }

    const usersVersion = packed.find((p) => p.name === `${SCOPE}/users`)?.version;
    const moduleSystems = ['esm', 'cjs'];
    for (const moduleSystem of moduleSystems) {
      const dir = join(consumer, moduleSystem);
      mkdirSync(dir);
      writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ type: moduleSystem === 'esm' ? 'module' : 'commonjs' })}\n`);
      for (const file of readdirSync(consumerTemplate)) copyFileSync(join(consumerTemplate, file), join(dir, file));
    }
    // All type checks at once: they are independent, and TypeScript 5 is slow to start.
    await step(`type-check as ESM and as CommonJS (${TYPE_CHECKS.map((c) => c.label).join('; ')})`, () =>
      Promise.all(
        moduleSystems.flatMap((moduleSystem) =>
          TYPE_CHECKS.map((check) => sh(process.execPath, [check.compiler.bin, '-p', check.config, ...check.args], { cwd: join(consumer, moduleSystem) })),
        ),
      ),
    );
    for (const moduleSystem of moduleSystems) {
      await step(`run consumer.js (${moduleSystem})`, async () => {
        const { stdout } = await sh(process.execPath, ['out/consumer.js'], { cwd: join(consumer, moduleSystem) });
        const actual = stdout.trimEnd().split('\n');
        const expected = expectedOutput({ moduleSystem, usersVersion });
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          throw new Error(`consumer (${moduleSystem}) printed:\n${actual.join('\n')}\n\nexpected:\n${expected.join('\n')}`);
        }
      });
    }

    await step('every export under import and require', async () => {
      writeFileSync(join(consumer, 'probe.mjs'), exportsProbe(packages, 'esm'));
      writeFileSync(join(consumer, 'probe.cjs'), exportsProbe(packages, 'cjs'));
      const esm = JSON.parse((await sh(process.execPath, ['probe.mjs'], { cwd: consumer })).stdout);
      const cjs = JSON.parse((await sh(process.execPath, ['probe.cjs'], { cwd: consumer })).stdout);
      for (const [spec, names] of Object.entries(esm)) {
        if (names.length === 0) throw new Error(`import('${spec}') exposes no names`);
        if (JSON.stringify(names) !== JSON.stringify(cjs[spec])) {
          throw new Error(`${spec}: import exposes ${names.join(', ')}\nbut require exposes ${(cjs[spec] ?? []).join(', ')}`);
        }
      }
      console.log(
        `  ${Object.keys(esm).length} entry points load under import and require with the same ${Object.values(esm).reduce((n, names) => n + names.length, 0)} names`,
      );
    });

    await checkWithTesting(consumer);
    const cli = packed.find((p) => p.name === `${SCOPE}/cli`);
    await checkWithoutTesting({ dir: join(work, 'cli-alone'), version: cli.version, registry, npmrc });
    return { packed };
  } finally {
    if (registry) {
      await registry.stop();
      console.log(`  registry stopped (pid ${registry.pid})`);
    }
    if (keep) console.log(`  kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

if (isMain(import.meta.url)) {
  const started = performance.now();
  console.log('registry round-trip:');
  const { packed } = await roundTrip({ keep: process.argv.includes('--keep') });
  console.log(
    `registry round-trip passed for ${packed.map((p) => `${p.name}@${p.version} (${formatBytes(p.size)})`).join(', ')} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}
