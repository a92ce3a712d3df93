module.exports = {
  ...require('../../jest.preset.js'),
  // Each test runs the built binary as a subprocess, several per test, and
  // CI runs every package's tests at once on two cores: allow for it.
  testTimeout: 60000,
  // p-queue and p-timeout are ES modules only: jest's CommonJS runtime gets them transformed like the sources.
  transformIgnorePatterns: ['/node_modules/(?!(p-queue|p-timeout)/)'],
};
