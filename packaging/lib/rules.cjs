// What a published tarball must and must not contain, as pure functions over
// the packed manifest and file list, so that each rule is unit-tested
// (test/rules.test.ts). publint and attw check module formats and types on top.
const semver = require('semver');

/** Files no consumer needs, or that could carry secrets. */
const FORBIDDEN_FILES = [
  [/(^|\/)(test|tests|__tests__|__mocks__|__fixtures__|fixtures|coverage|node_modules|\.turbo)\//, 'tests, fixtures and build caches'],
  [/\.(test|spec)\.[cm]?[jt]sx?$/, 'test files'],
  [/(^|\/)\.env(\..*)?$/, 'environment files (secrets)'],
  [/(^|\/)[._]?netrc$|(^|\/)\.npmrc$|\.(pem|key|p12)$/, 'credential files'],
  [/\.tgz$|\.tsbuildinfo$|\.log$/, 'build leftovers'],
  [/(^|\/)(tsconfig(\..*)?\.json|jest\.config\.[cm]?js|turbo\.json|codegen\.ya?ml)$/, 'repository configuration'],
];

const REQUIRED_FILES = ['package.json', 'README.md', 'LICENSE'];

const LOCAL_SPEC = /^(workspace:|file:|link:|portal:|git[+:]|https?:|github:)|^\*$|^latest$|^$/;

/**
 * Problems with one packed package. `files`: paths inside the tarball;
 * `workspaceVersions`: name -> version of every workspace; `reasons`: the
 * package's entry of runtime-dependencies.json.
 */
function tarballProblems({ manifest, files, workspaceVersions, reasons = {} }) {
  const problems = [];
  const name = manifest.name;
  const fileSet = new Set(files);

  for (const required of REQUIRED_FILES) if (!fileSet.has(required)) problems.push(`${name}: the tarball has no ${required}`);
  for (const file of files) {
    const forbidden = FORBIDDEN_FILES.find(([pattern]) => pattern.test(file));
    if (forbidden) problems.push(`${name}: ${file} is in the tarball (${forbidden[1]} are not published; fix "files" in package.json)`);
  }

  if (!manifest.license) problems.push(`${name}: package.json has no "license"`);
  if (!manifest.description) problems.push(`${name}: package.json has no "description"`);
  if (!manifest.engines?.node) problems.push(`${name}: package.json has no "engines.node"`);
  if (manifest.sideEffects !== false && !Array.isArray(manifest.sideEffects)) {
    problems.push(`${name}: "sideEffects" must be false, or the list of files that have side effects`);
  }
  if (manifest.publishConfig?.access !== 'public') problems.push(`${name}: "publishConfig.access" must be "public" (scoped packages are private by default)`);
  if (manifest.publishConfig?.provenance !== true) problems.push(`${name}: "publishConfig.provenance" must be true (see docs/releasing.md)`);

  problems.push(...exportsProblems(manifest, fileSet));
  problems.push(...binProblems(manifest, fileSet));

  for (const field of ['dependencies', 'peerDependencies', 'optionalDependencies']) {
    for (const [dep, spec] of Object.entries(manifest[field] ?? {})) {
      if (LOCAL_SPEC.test(spec)) {
        problems.push(`${name}: ${field}.${dep} is "${spec}", which a consumer cannot install from the registry`);
        continue;
      }
      const own = workspaceVersions[dep];
      if (own !== undefined && !semver.satisfies(own, spec)) {
        problems.push(`${name}: ${field}.${dep} is "${spec}", but the workspace is at ${own}`);
      }
    }
  }

  const runtime = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies, ...manifest.optionalDependencies }));
  for (const dep of runtime) {
    if (typeof reasons[dep] !== 'string' || reasons[dep].trim() === '') {
      problems.push(`${name}: runtime dependency ${dep} has no reason in packaging/runtime-dependencies.json`);
    }
  }
  for (const dep of Object.keys(reasons)) {
    if (!runtime.has(dep)) problems.push(`${name}: packaging/runtime-dependencies.json explains ${dep}, which is not a runtime dependency`);
  }
  return problems;
}

/**
 * Every JavaScript entry point is dual: an `import` and a `require` condition,
 * each with its own `types` (ESM and CJS declarations differ in module format).
 * Plain files such as `./package.json` or a schema are exported as strings.
 */
function exportsProblems(manifest, fileSet) {
  const name = manifest.name;
  if (manifest.exports === undefined) {
    return manifest.bin ? [] : [`${name}: package.json has no "exports"`];
  }
  if (typeof manifest.exports !== 'object' || Array.isArray(manifest.exports) || !Object.keys(manifest.exports).every((k) => k.startsWith('.'))) {
    return [`${name}: "exports" must map subpaths ("." and "./...") to targets`];
  }
  const problems = [];
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === 'string') {
      if (/\.[cm]?js$/.test(target)) problems.push(`${name}: exports["${subpath}"] is a bare JavaScript file; give it import/require conditions with types`);
      if (!fileSet.has(target.replace(/^\.\//, ''))) problems.push(`${name}: exports["${subpath}"] points at ${target}, which is not in the tarball`);
      continue;
    }
    for (const condition of ['import', 'require']) {
      const branch = target?.[condition];
      if (!branch || typeof branch !== 'object' || typeof branch.types !== 'string' || typeof branch.default !== 'string') {
        problems.push(`${name}: exports["${subpath}"].${condition} must be { "types": ..., "default": ... }`);
        continue;
      }
      for (const file of [branch.types, branch.default]) {
        if (!fileSet.has(file.replace(/^\.\//, '')))
          problems.push(`${name}: exports["${subpath}"].${condition} points at ${file}, which is not in the tarball`);
      }
    }
  }
  return problems;
}

function binProblems(manifest, fileSet) {
  const bins = typeof manifest.bin === 'string' ? { [manifest.name]: manifest.bin } : (manifest.bin ?? {});
  return Object.entries(bins)
    .filter(([, file]) => !fileSet.has(file.replace(/^\.\//, '')))
    .map(([command, file]) => `${manifest.name}: bin "${command}" points at ${file}, which is not in the tarball`);
}

/**
 * What only a real release needs (`check-packages.mjs --release`): npm's
 * provenance check refuses a package whose `repository` does not name the
 * repository the CI run publishes from, with the package's folder in it.
 */
function releaseProblems(manifest, directory) {
  const { name, repository } = manifest;
  const problems = [];
  if (typeof repository !== 'object' || repository === null || typeof repository.url !== 'string' || repository.url === '') {
    problems.push(`${name}: "repository" must be { "type": "git", "url": "git+https://...", "directory": "${directory}" } for provenance (docs/releasing.md)`);
  } else if (repository.directory !== directory) {
    problems.push(`${name}: "repository.directory" must be "${directory}"`);
  }
  return problems;
}

module.exports = { FORBIDDEN_FILES, REQUIRED_FILES, releaseProblems, tarballProblems };
