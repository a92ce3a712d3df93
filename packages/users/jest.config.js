module.exports = {
  ...require('../../jest.preset.js'),
  // Fails any test file whose output contains a secret the fake server issued.
  setupFilesAfterEnv: ['<rootDir>/test/setup/leak-guard.ts'],
  // test.concurrent (the fault matrix's slow rows): a few cells at a time, so that each still has
  // the CPU to act within its timing window on a loaded machine.
  maxConcurrency: 3,
};
