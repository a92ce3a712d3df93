/**
 * The fake W&B server of `wandb-users demo` and `wandb-users serve`, for tests
 * and trials: {@link startSeededFake} starts it on 127.0.0.1, seeded with
 * {@link SEED} (people, teams with roles, an invitation, a service account,
 * a few keys). It needs the optional peer dependency `@wandb-ts/testing`
 * ({@link TESTING_PACKAGE}), which is why it is a subpath of its own: the
 * package's main entry type-checks without it.
 *
 * @module @wandb-ts/cli/seed
 */
export { SEED, startSeededFake, TESTING_PACKAGE } from './seed.js';
export type { SeededFake } from './seed.js';
