module.exports = {
  ...require('../../jest.preset.js'),
  // Fails any test file whose output contains a secret the fake server issued.
  setupFilesAfterEnv: ['<rootDir>/test/setup/leak-guard.ts'],
};
