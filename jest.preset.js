// Shared jest settings for every workspace. @swc/jest only strips types (fast);
// type errors are caught by the separate `typecheck` task (tsc), because
// TypeScript 7 has no compiler API for ts-jest to call.
module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.[cm]?[tj]sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } }],
  },
  // './x.js' in sources stands for './x.ts' (see jest.resolver.js).
  resolver: require.resolve('./jest.resolver.js'),
  moduleFileExtensions: ['js', 'mjs', 'cjs', 'jsx', 'ts', 'tsx', 'cts', 'mts', 'json', 'node'],
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  // Tests start real servers on 127.0.0.1; a leaked handle should fail loudly, not hang CI.
  testTimeout: 60000,
};
