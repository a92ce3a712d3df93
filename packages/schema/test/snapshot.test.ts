import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildSchema } from 'graphql';
import { SNAPSHOT_PATH, SNAPSHOT_SPECIFIER, snapshotInfo, VERSION } from '../src';
import { REPO_ROOT, SNAPSHOT_FILE } from './helpers';

test('the bundled snapshot (the default baseline and target) is byte-identical to schema/wandb.graphql', () => {
  expect(readFileSync(SNAPSHOT_PATH, 'utf8')).toBe(readFileSync(SNAPSHOT_FILE, 'utf8'));
});

test('VERSION (what --version prints) matches package.json', () => {
  const pkg = JSON.parse(readFileSync(`${__dirname}/../package.json`, 'utf8'));
  expect(VERSION).toBe(pkg.version);
});

describe('snapshotInfo()', () => {
  const info = snapshotInfo();

  test('names the bundled file and the package export that resolves to it', () => {
    expect(info.path).toBe(SNAPSHOT_PATH);
    expect(info.specifier).toBe(SNAPSHOT_SPECIFIER);
    // Node's own resolution (not jest's), through package.json "exports", as a tool would do it.
    expect(createRequire(join(REPO_ROOT, 'package.json')).resolve(info.specifier)).toBe(SNAPSHOT_PATH);
  });

  test('its sha256 is the hash of the file it names, so the provenance cannot outlive a snapshot update', () => {
    expect(info.sha256).toBe(createHash('sha256').update(readFileSync(info.path)).digest('hex'));
  });

  test('agrees with the provenance schema/README.md states', () => {
    const readme = readFileSync(join(REPO_ROOT, 'schema', 'README.md'), 'utf8');
    const repository = info.source.repository.replace('https://github.com/', '');
    for (const fact of [info.sha256, info.source.commit, info.source.date, info.source.file, repository]) expect(readme).toContain(fact);
    for (const { coordinate } of info.additions) expect(readme).toContain(`\`${coordinate}: `);
    expect(info.packageVersion).toBe(VERSION);
  });

  test('every addition it lists is a field of the snapshot', () => {
    const schema = buildSchema(readFileSync(info.path, 'utf8'));
    expect(info.additions.length).toBeGreaterThan(0);
    for (const { coordinate } of info.additions) {
      const [type, field] = coordinate.split('.');
      const found = schema.getType(type!);
      expect(found && 'getFields' in found ? Object.keys(found.getFields()) : []).toContain(field);
    }
  });

  test('each call returns a fresh copy: a caller cannot change what the next one sees', () => {
    const first = snapshotInfo();
    first.source.date = 'changed';
    (first.additions[0] as { coordinate: string }).coordinate = 'changed';
    expect(snapshotInfo().source.date).toBe(info.source.date);
    expect(snapshotInfo().additions[0]?.coordinate).toBe(info.additions[0]?.coordinate);
  });
});

test('examples/snapshot-info.mjs (in the README) prints the path, the provenance and the hash', () => {
  const info = snapshotInfo();
  const stdout = execFileSync(process.execPath, [join(__dirname, '..', 'examples', 'snapshot-info.mjs')], { encoding: 'utf8' });
  expect(stdout.split('\n')).toEqual([
    `@wandb-ts/schema/wandb.graphql is ${info.path}`,
    'W&B schema of about 2023-04-19: a reconstruction from https://github.com/wandb/wandb-js (src/gql/graphql.ts at 623f03b58851)',
    `sha256 ${info.sha256}`,
    '',
  ]);
});
