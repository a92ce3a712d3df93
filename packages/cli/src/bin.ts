#!/usr/bin/env node
import { EXIT } from './exit-codes.js';
import { Interrupts } from './interrupts.js';
import { run } from './program.js';
import { redact } from './output/redact.js';
import { guardBlock } from './output/terminal/escape.js';

// A reader that closes the pipe early (`wandb-users users search x | head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(EXIT.OK);
  throw error;
});

const interrupts = new Interrupts((code) => process.exit(code)).listen(EXIT.INTERRUPTED);
run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, interrupts }).then(
  (code) => {
    // Not process.exit(): let stdout drain when it is a pipe.
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(guardBlock(redact(`wandb-users: internal error: ${error instanceof Error ? error.stack : String(error)}\n`)));
    process.exitCode = EXIT.FAILURE;
  },
);
