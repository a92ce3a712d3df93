module.exports = {
  ...require('../../jest.preset.js'),
  // Each test runs the built binary as a subprocess, several per test, and
  // CI runs every package's tests at once on two cores: allow for it.
  testTimeout: 60000,
};
