#!/usr/bin/env node
// Writes each public package's version into its src/version.ts, where the
// package has one (@wandb-ts/users sends VERSION in its User-Agent). Run by the
// root `version` script right after `changeset version` bumps package.json, so
// the two never differ in a release; packages/users/test/version.test.ts fails
// if they do.
//
//   node packaging/scripts/sync-version.mjs            rewrite what differs
//   node packaging/scripts/sync-version.mjs --check    only report; exit 1 if any differ
import { syncVersions } from '../lib/versions.cjs';

const check = process.argv.includes('--check');
const changed = syncVersions({ check });
for (const { file, version } of changed) console.log(`${file}: ${check ? 'differs from' : 'set to'} ${version}`);
if (changed.length === 0) console.log('every src/version.ts matches its package.json');
if (check && changed.length > 0) process.exit(1);
