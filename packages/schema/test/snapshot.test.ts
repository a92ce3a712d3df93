import { readFileSync } from 'node:fs';
import { SNAPSHOT_PATH, VERSION } from '../src';
import { SNAPSHOT_FILE } from './helpers';

test('the bundled snapshot (the default baseline and target) is byte-identical to schema/wandb.graphql', () => {
  expect(readFileSync(SNAPSHOT_PATH, 'utf8')).toBe(readFileSync(SNAPSHOT_FILE, 'utf8'));
});

test('VERSION (what --version prints) matches package.json', () => {
  const pkg = JSON.parse(readFileSync(`${__dirname}/../package.json`, 'utf8'));
  expect(VERSION).toBe(pkg.version);
});
