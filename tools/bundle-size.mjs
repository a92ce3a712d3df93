// Bundles an app for the browser with esbuild (minified, ESM, code splitting)
// and measures it gzipped: what @wandb-ts/users costs the apps that use it.
// Shared by the size guard (tools/size-guard.mjs, run by `npm test`) and the
// benchmarks (bench/bundle.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

/** The package an input file belongs to; the workspace's own resolve outside node_modules. */
function packageOf(file) {
  const dependency = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
  if (dependency) return dependency[1];
  const workspace = /packages\/([^/]+)\//.exec(file);
  return workspace ? `@wandb-ts/${workspace[1]}` : file;
}

/**
 * `contents` is the app's source (ESM); packages resolve from `resolveDir`
 * through node_modules, i.e. their built `dist`. Node built-ins stay external:
 * they back Node-only fallbacks (the ~/.netrc lookup) and a browser build
 * stubs them. Returns the gzipped bytes of what loads at start (`initial`: the
 * entry and the chunks it imports statically), of everything (`total`, lazy
 * chunks included), per chunk, and the minified bytes each package puts in
 * the bundle (gzip does not split by package; this says where the bytes come from).
 */
export async function measureBundle({ contents, resolveDir }) {
  const outdir = mkdtempSync(join(tmpdir(), 'wandb-ts-bundle-'));
  try {
    const result = await esbuild.build({
      stdin: { contents, resolveDir, loader: 'js', sourcefile: 'app.js' },
      absWorkingDir: outdir,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'browser',
      minify: true,
      outdir,
      write: false,
      metafile: true,
      external: ['node:*'],
      logLevel: 'silent',
    });
    const gzipOf = new Map(result.outputFiles.map((f) => [basename(f.path), gzipSync(f.contents, { level: 9 }).length]));
    const chunks = Object.entries(result.metafile.outputs).map(([file, meta]) => ({
      file: basename(file),
      entry: meta.entryPoint?.endsWith('app.js') === true,
      minified: meta.bytes,
      gzip: gzipOf.get(basename(file)),
      inputs: Object.keys(meta.inputs),
      imports: meta.imports,
    }));
    // What the browser fetches before the app runs: the entry and, transitively, its static imports.
    const byName = new Map(chunks.map((c) => [c.file, c]));
    const initial = new Set();
    const visit = (chunk) => {
      if (!chunk || initial.has(chunk)) return;
      initial.add(chunk);
      for (const i of chunk.imports) if (i.kind === 'import-statement') visit(byName.get(basename(i.path)));
    };
    visit(chunks.find((c) => c.entry));
    const sum = (list, field) => list.reduce((s, c) => s + c[field], 0);
    const byPackage = {};
    for (const meta of Object.values(result.metafile.outputs)) {
      for (const [input, { bytesInOutput }] of Object.entries(meta.inputs)) {
        if (input.endsWith('app.js') || bytesInOutput === 0) continue;
        byPackage[packageOf(input)] = (byPackage[packageOf(input)] ?? 0) + bytesInOutput;
      }
    }
    return {
      initial: { gzip: sum([...initial], 'gzip'), minified: sum([...initial], 'minified') },
      total: { gzip: sum(chunks, 'gzip'), minified: sum(chunks, 'minified') },
      chunks,
      byPackage,
      packages: Object.keys(byPackage).sort(),
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The apps whose bundles the guard and the benchmark measure. */
export const APPS = {
  viewer: {
    label: 'an app using Api.viewer only',
    contents: "import { Api } from '@wandb-ts/users';\nconst me = await new Api({ apiKey: 'k', env: {} }).viewer();\nconsole.log(String(me));\n",
  },
  full: {
    label: "an app using every export of '@wandb-ts/users'",
    contents: "export * from '@wandb-ts/users';\n",
  },
  everything: {
    label: "every export of '@wandb-ts/users' and '@wandb-ts/users/graphql'",
    contents: "export * from '@wandb-ts/users';\nexport * from '@wandb-ts/users/graphql';\n",
  },
};
