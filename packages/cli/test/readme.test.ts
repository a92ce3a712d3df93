import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSeededFake } from '../src/seed-entry';
import { baseEnv, BIN, tempDir } from './helpers';

// Every `sh` block of the README is run, line by line, as a reader would paste
// it: with `wandb-users` on the PATH, against `wandb-users serve`'s seeded
// server (a fresh one per block), in a directory holding the sample files
// (examples/new-hires.csv, examples/people.yaml). A line ends with exit status
// 0 unless it says `# exit N`. The README says what the one placeholder stands
// for.

const README = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
/** The listing name in the examples, replaced by a real one of tomas.silva's keys. */
const KEY_NAME_PLACEHOLDER = '3fa9c1d2e4b7';
/** Lines that install, rather than run, the CLI: not run here (the packaging round-trip installs it). */
const INSTALL = /^npm install\b/;

const blocks = [...README.matchAll(/^```sh\n([\s\S]*?)^```$/gm)].map((m) =>
  m[1]!
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#')),
);

test('the README has runnable blocks, and every line in them is a wandb-users command or an install', () => {
  expect(blocks.length).toBeGreaterThanOrEqual(3);
  for (const lines of blocks) for (const line of lines) expect(line).toMatch(/^wandb-users |^npm install /);
});

test.each(blocks.map((lines, i) => [i + 1, lines] as const))(
  'README block %i runs as written',
  async (_n, lines) => {
    const { fake } = await startSeededFake();
    try {
      const dir = tempDir();
      for (const sample of ['new-hires.csv', 'people.yaml']) copyFileSync(join(__dirname, '..', 'examples', sample), join(dir, sample));
      const shim = join(dir, 'wandb-users');
      writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
      chmodSync(shim, 0o755);
      const keyName = fake.getUser('tsilva')!.apiKeys.find((k) => k.description === 'ci runner')!.name;
      const env = { ...baseEnv(dir), PATH: `${dir}:${process.env.PATH}`, WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey };

      for (const line of lines.filter((l) => !INSTALL.test(l))) {
        const expected = Number(/#\s*exit (\d+)/.exec(line)?.[1] ?? 0);
        const command = line.split(KEY_NAME_PLACEHOLDER).join(keyName);
        const child = spawn('bash', ['-o', 'pipefail', '-c', command], { cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        // The line and its stderr in the failure message (stdout may hold a new secret: never shown).
        expect({ line, code, stderr: code === expected ? '' : stderr }).toEqual({ line, code: expected, stderr: '' });
      }
    } finally {
      await fake.close();
    }
  },
  120_000,
);
