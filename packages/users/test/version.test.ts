import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../src';

test('VERSION (sent in the User-Agent) matches package.json', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8'));
  expect(VERSION).toBe(pkg.version);
});
