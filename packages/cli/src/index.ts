// Programmatic entry points of the `wandb-users` CLI (the bin is dist/bin.js).
export { run, buildProgram } from './program';
export { EXIT, CliError, exitCodeFor } from './exit-codes';
export type { ExitCode } from './exit-codes';
export type { GlobalOptions, Io } from './context';
export { Interrupts } from './interrupts';
export { SEED, startSeededFake } from './seed';
export type { SeededFake } from './seed';
export { VERSION } from './version';
