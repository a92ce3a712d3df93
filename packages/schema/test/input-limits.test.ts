import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess, SNAPSHOT_FILE, tempDir, tempFile } from './helpers';

// Schema and document files are read as UTF-8 text to a size limit (64 MiB,
// --max-input-mib): a device that never ends, binary data or a padded file is
// refused with exit 2 before it fills memory. In this process.

const run = (args: string[], cwd?: string) => runInProcess(args, cwd === undefined ? {} : { cwd });

describe('schema and document files are read to a limit', () => {
  test('/dev/zero is refused at its first byte', async () => {
    expect(await run(['pull', '--from', '/dev/zero'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'wandb-schema: cannot read the schema file /dev/zero: it is not text: a NUL byte at byte 0\n',
    });
  });

  test('a schema file padded past the limit is refused from its size; --max-input-mib raises the limit', async () => {
    const padded = tempFile('padded.graphql', `type Query { a: Int }\n${'#'.repeat(1024 * 1024)}\n`);
    expect(await run(['diff', padded, SNAPSHOT_FILE, '--max-input-mib', '1'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `wandb-schema: cannot read the schema file ${padded}: it is larger than 1 MiB, the limit for a schema or document file ` +
        '(raise it with --max-input-mib N, or the maxFileBytes option)\n',
    });
    expect((await run(['pull', '--from', padded, '--max-input-mib', '2'])).stdout).toBe('type Query {\n  a: Int\n}\n');
  });

  test('a document file that is not UTF-8 text is refused, naming it', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'ops.graphql'), Buffer.from('query Me { viewer { username } } # caf\xe9\n', 'latin1'));
    expect(await run(['check', '--documents', 'ops.graphql'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'wandb-schema: cannot read ops.graphql: it is not UTF-8 text\n',
    });
  });
});
