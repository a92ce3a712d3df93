// The programmatic side of the `wandb-users` CLI (the executable is dist/cjs/bin.js):
// run it in-process, read its exit statuses, start the seeded fake server.
export { run } from './program.js';
export { CliError, EXIT, exitCodeFor } from './exit-codes.js';
export type { ExitCode } from './exit-codes.js';
export type { Io } from './context.js';
export { Interrupts } from './interrupts.js';
export { SEED, startSeededFake } from './seed.js';
export type { SeededFake } from './seed.js';
export { VERSION } from './version.js';
