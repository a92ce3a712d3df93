// A W&B server one release behind: the fake W&B server serves the snapshot
// without `User.deletedAt`, a field the SDK's operations select. See what
// `wandb-schema` says about it, and what the SDK throws at run time.
//
// Run from the repository root after `npm run build`:  node packages/schema/examples/drift.mjs
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { startFakeWandb, WANDB_SCHEMA_PATH } = require('@wandb-ts/testing');
const { Api, SchemaMismatchError } = require('@wandb-ts/users');

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cjs', 'cli.js');
const older = readFileSync(WANDB_SCHEMA_PATH, 'utf8').replace('  deletedAt: DateTime\n  email: String\n', '  email: String\n');
const fake = await startFakeWandb({ schema: older });

/** Runs the bin in a child process (this process must stay free to serve the fake). */
function wandbSchema(...args) {
  console.log(`$ wandb-schema ${args.join(' ')}`);
  const env = { ...process.env, WANDB_API_KEY: fake.adminApiKey };
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env }, (error, stdout, stderr) => {
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      console.log(`(exit ${error ? error.code : 0})\n`);
      resolve();
    });
  });
}

try {
  // Which of the SDK's operations does this server break?
  await wandbSchema('check', '--against', fake.baseUrl);

  // And at run time, without the check:
  try {
    await new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey }).viewer();
  } catch (error) {
    if (!(error instanceof SchemaMismatchError)) throw error;
    console.log(`${error.name}: ${error.message}`);
  }
} finally {
  await fake.close();
}
