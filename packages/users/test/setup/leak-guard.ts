// Loaded before every test file of this package (jest setupFilesAfterEnv):
// captures everything the file writes to stdout, stderr and the console, and
// fails the file if any secret issued by a fake W&B server shows up in it.
import { format } from 'node:util';
import { allIssuedSecrets } from '@wandb-ts/testing';

const captured: string[] = [];

for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    captured.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
    return write(chunk, ...rest);
  }) as typeof stream.write;
}

for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  const original = console[method].bind(console);
  console[method] = (...args: unknown[]) => {
    captured.push(format(...args));
    original(...args);
  };
}

afterAll(() => {
  const output = captured.join('');
  const leaked = allIssuedSecrets().filter((secret) => output.includes(secret));
  // Name how many, never which: the message itself must not leak.
  if (leaked.length > 0) throw new Error(`${leaked.length} secret(s) issued by the fake W&B server appeared in this file's output`);
});
