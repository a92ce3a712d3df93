/**
 * The programmatic side of `wandb-users`, the command-line tool for W&B user and
 * API-key management (the executable itself is the package's `bin`): {@link run}
 * runs it in-process and {@link EXIT} lists its exit statuses.
 *
 * The seeded fake W&B server that `wandb-users demo` and `wandb-users serve`
 * run is in the subpath `@wandb-ts/cli/seed`, apart from this entry: its types
 * come from the optional peer dependency `@wandb-ts/testing`, and a project
 * without it must still type-check against this one. The sync engine is in
 * `@wandb-ts/cli/sync`.
 *
 * @module @wandb-ts/cli
 */
export { run } from './program.js';
export { CliError, EXIT, exitCodeFor } from './exit-codes.js';
export type { ExitCode } from './exit-codes.js';
export type { Io } from './context.js';
export { type InterruptHandler, Interrupts } from './interrupts.js';
export { VERSION } from './version.js';
