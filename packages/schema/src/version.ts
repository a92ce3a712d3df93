// Kept in step with package.json by test/version.test.ts.
/** This package's version, as in its package.json (what `wandb-schema --version` prints). */
export const VERSION = '0.1.0';
