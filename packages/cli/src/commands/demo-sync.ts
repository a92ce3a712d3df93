import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../exit-codes.js';
import { packageDir } from '../package-paths.cjs';

/** The sample file of the sync step, shipped in the package's examples/ (and shown in the README). */
const SAMPLE = ['examples', 'people.yaml'];

/** What the sync step needs of the demo's session (demo.ts): to run a command, and to talk. */
export interface DemoSession {
  /** Runs a command; `interactive` gives it the demo's terminal to answer a question on. */
  step(step: { title: string; why: string; args: string[]; expect?: number; interactive?: boolean }): Promise<string>;
  say(text?: string): void;
  note(text: string): void;
}

/**
 * The demo's last step: a file of who belongs where, its plan, its apply, a
 * second plan that finds nothing left to do, and the team exported back. On a
 * terminal the apply shows its plan and asks, and the person answers;
 * elsewhere nobody can, and the apply is refused until it is given --yes, as
 * in a script.
 */
export async function syncTour(session: DemoSession, dir: string, onTerminal: boolean): Promise<void> {
  copyFileSync(join(packageDir(), ...SAMPLE), join(dir, 'people.yaml'));
  session.say();
  session.note('Last, sync: a file says who should be in which team with which role, and W&B is made to match it.');
  for (const line of readFileSync(join(dir, 'people.yaml'), 'utf8').trimEnd().split('\n')) session.say(`    ${line}`);
  await session.step({
    title: 'Plan: what would change',
    why: 'Reads the users and the teams the file names, and prints the difference like a diff. Nothing is changed yet.',
    args: ['sync', 'plan', 'people.yaml'],
    expect: EXIT.PENDING,
  });
  if (onTerminal) {
    await session.step({
      title: 'Apply it, after a review',
      why: 'Apply shows the plan again and asks: type yes to apply it (anything else cancels, and nothing is sent).',
      args: ['sync', 'apply', 'people.yaml'],
      interactive: true,
    });
  } else {
    await session.step({
      title: 'Apply it: first, the review',
      why: 'On a terminal, apply shows the plan and asks for the word yes. Here nobody can answer, so it refuses and sends nothing.',
      args: ['sync', 'apply', 'people.yaml'],
      expect: EXIT.USAGE,
    });
  }
  await session.step({
    title: 'Apply it as a script would',
    why: '--yes answers the question in advance. Safe to run again: what is done is not done twice, and an interrupted apply is finished by running it again. The journal it names is what `sync undo` reverses.',
    args: ['sync', 'apply', 'people.yaml', '--yes'],
  });
  await session.step({
    title: 'Plan again',
    why: 'The server now matches the file (invitations count once sent, with the right role): nothing to do, exit status 0.',
    args: ['sync', 'plan', 'people.yaml'],
  });
  await session.step({
    title: "Export: the server's state as a sync file",
    why: 'The way in for an instance that has users already: sorted, so exports diff line by line, and its plan is empty. --team keeps it to one team (the file records that scope); --out FILE writes it to a file.',
    args: ['sync', 'export', '--team', 'simulation'],
  });
}
