/**
 * The programmatic side of `wandb-users`, the command-line tool for W&B user and
 * API-key management (the executable itself is the package's `bin`): {@link run}
 * runs it in-process, {@link EXIT} lists its exit statuses, and
 * {@link startSeededFake} starts the fake W&B server that `wandb-users demo` and
 * `wandb-users serve` use, seeded with {@link SEED}.
 *
 * @module @wandb-ts/cli
 */
export { run } from './program.js';
export { CliError, EXIT, exitCodeFor } from './exit-codes.js';
export type { ExitCode } from './exit-codes.js';
export type { Io } from './context.js';
export { Interrupts } from './interrupts.js';
export { SEED, startSeededFake, TESTING_PACKAGE } from './seed.js';
export type { SeededFake } from './seed.js';
export { VERSION } from './version.js';
