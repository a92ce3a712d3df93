import { releaseProblems, tarballProblems } from '../lib/rules.cjs';

// A manifest and file list that pass every rule; each case breaks one thing.
function good() {
  return {
    manifest: {
      name: '@wandb-ts/example',
      version: '1.2.0',
      description: 'an example',
      license: 'MIT',
      engines: { node: '>=20.10' },
      sideEffects: false,
      publishConfig: { access: 'public', provenance: true },
      exports: {
        '.': {
          import: { types: './dist/esm/index.d.ts', default: './dist/esm/index.js' },
          require: { types: './dist/cjs/index.d.ts', default: './dist/cjs/index.js' },
        },
        './package.json': './package.json',
      } as Record<string, unknown>,
      dependencies: { graphql: '^16.15.0', '@wandb-ts/base': '^1.0.0' } as Record<string, string>,
    } as Record<string, any>,
    files: ['package.json', 'README.md', 'LICENSE', 'dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js', 'dist/cjs/index.d.ts', 'src/index.ts'],
    workspaceVersions: { '@wandb-ts/example': '1.2.0', '@wandb-ts/base': '1.3.0' } as Record<string, string>,
    reasons: { graphql: 'parses documents', '@wandb-ts/base': 'shared errors' } as Record<string, string>,
  };
}

test('a well-formed package has no problems', () => {
  expect(tarballProblems(good())).toEqual([]);
});

test.each([
  ['test/api.test.ts', /test files|tests, fixtures/],
  ['src/api.test.ts', /test files/],
  ['.env', /environment files/],
  ['config/.env.local', /environment files/],
  ['.npmrc', /credential files/],
  ['certs/server.pem', /credential files/],
  ['package.tgz', /build leftovers/],
  ['tsconfig.build.json', /repository configuration/],
  ['jest.config.js', /repository configuration/],
  ['coverage/lcov.info', /build caches/],
])('%s must not be published', (file, reason) => {
  const input = good();
  input.files.push(file);
  const problems = tarballProblems(input);
  expect(problems).toHaveLength(1);
  expect(problems[0]).toContain(`${file} is in the tarball`);
  expect(problems[0]).toMatch(reason);
});

test.each(['README.md', 'LICENSE', 'package.json'])('a tarball without %s is refused', (file) => {
  const input = good();
  input.files = input.files.filter((f) => f !== file);
  expect(tarballProblems(input)).toContain(`@wandb-ts/example: the tarball has no ${file}`);
});

test.each(['workspace:*', 'file:../base', 'link:../base', '*', 'latest', 'github:someone/base'])(
  'a dependency on "%s" cannot be installed by a consumer',
  (spec) => {
    const input = good();
    input.manifest.dependencies['@wandb-ts/base'] = spec;
    expect(tarballProblems(input)).toEqual([expect.stringContaining(`dependencies.@wandb-ts/base is "${spec}", which a consumer cannot install`)]);
  },
);

test('an internal dependency must accept the workspace version being released', () => {
  const input = good();
  input.manifest.dependencies['@wandb-ts/base'] = '^1.4.0';
  expect(tarballProblems(input)).toEqual(['@wandb-ts/example: dependencies.@wandb-ts/base is "^1.4.0", but the workspace is at 1.3.0']);
});

test('every runtime dependency needs a reason, and every reason a dependency', () => {
  const missing = good();
  delete missing.reasons.graphql;
  expect(tarballProblems(missing)).toEqual(['@wandb-ts/example: runtime dependency graphql has no reason in packaging/runtime-dependencies.json']);

  const stale = good();
  stale.reasons['left-pad'] = 'pads';
  expect(tarballProblems(stale)).toEqual(['@wandb-ts/example: packaging/runtime-dependencies.json explains left-pad, which is not a runtime dependency']);

  const peer = good();
  peer.manifest.peerDependencies = { typescript: '>=5' };
  expect(tarballProblems(peer)).toEqual(['@wandb-ts/example: runtime dependency typescript has no reason in packaging/runtime-dependencies.json']);
});

test('publishing settings are explicit', () => {
  const input = good();
  input.manifest.publishConfig = { access: 'restricted' };
  delete input.manifest.sideEffects;
  delete input.manifest.engines;
  expect(tarballProblems(input)).toEqual([
    '@wandb-ts/example: package.json has no "engines.node"',
    '@wandb-ts/example: "sideEffects" must be false, or the list of files that have side effects',
    '@wandb-ts/example: "publishConfig.access" must be "public" (scoped packages are private by default)',
    '@wandb-ts/example: "publishConfig.provenance" must be true (see docs/releasing.md)',
  ]);
});

test('every JavaScript entry point has import and require conditions with their own types', () => {
  const bare = good();
  bare.manifest.exports['./extra'] = './dist/cjs/extra.js';
  bare.files.push('dist/cjs/extra.js');
  expect(tarballProblems(bare)).toEqual(['@wandb-ts/example: exports["./extra"] is a bare JavaScript file; give it import/require conditions with types']);

  const cjsOnly = good();
  cjsOnly.manifest.exports['.'] = { types: './dist/cjs/index.d.ts', default: './dist/cjs/index.js' };
  expect(tarballProblems(cjsOnly)).toEqual([
    '@wandb-ts/example: exports["."].import must be { "types": ..., "default": ... }',
    '@wandb-ts/example: exports["."].require must be { "types": ..., "default": ... }',
  ]);
});

test('what exports and bin name must be in the tarball', () => {
  const input = good();
  input.files = input.files.filter((f) => f !== 'dist/esm/index.d.ts');
  input.manifest.bin = { example: './dist/cjs/cli.js' };
  expect(tarballProblems(input)).toEqual([
    '@wandb-ts/example: exports["."].import points at ./dist/esm/index.d.ts, which is not in the tarball',
    '@wandb-ts/example: bin "example" points at ./dist/cjs/cli.js, which is not in the tarball',
  ]);
});

test('fixtures.ts is a module name, not a fixtures folder', () => {
  const input = good();
  input.files.push('src/fixtures.ts', 'dist/cjs/fixtures.js');
  expect(tarballProblems(input)).toEqual([]);
});

describe('releaseProblems', () => {
  const base = { name: '@wandb-ts/example' };

  test('a release needs the repository, with the package folder, for provenance', () => {
    expect(
      releaseProblems({ ...base, repository: { type: 'git', url: 'git+https://example.com/wandb-ts.git', directory: 'packages/example' } }, 'packages/example'),
    ).toEqual([]);
    expect(releaseProblems(base, 'packages/example')).toEqual([expect.stringContaining('"repository" must be')]);
    expect(releaseProblems({ ...base, repository: 'example/wandb-ts' }, 'packages/example')).toEqual([expect.stringContaining('"repository" must be')]);
    expect(releaseProblems({ ...base, repository: { url: 'git+https://example.com/wandb-ts.git' } }, 'packages/example')).toEqual([
      '@wandb-ts/example: "repository.directory" must be "packages/example"',
    ]);
  });
});
