// Shared jest settings for every workspace. @swc/jest only strips types (fast);
// type errors are caught by the separate `typecheck` task (tsc), because
// TypeScript 7 has no compiler API for ts-jest to call.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
  },
  // Sources import siblings as './x.js', which Node's ESM loader needs in the
  // published ESM build; under jest those names stand for the .ts sources.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Tests start real servers on 127.0.0.1; a leaked handle should fail loudly, not hang CI.
  testTimeout: 20000,
};
