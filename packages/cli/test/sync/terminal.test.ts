import type { FakeWandb } from '@wandb-ts/testing';
import { EXIT } from '../../src/index.js';
import { Cli, expectNoLeak, hasScript, runOnTerminal } from '../helpers.js';
import { company, PEOPLE } from './fake-company.js';

// `sync apply` on a terminal (a pseudo-TTY through util-linux `script`): the
// plan and its question, answered yes; a progress bar of counts instead of a
// line per action, then the actions that failed with their reasons, then the
// summary.

let fake: FakeWandb;
afterEach(() => fake.close());

// A role this instance does not know: the server refuses that invitation, the rest goes through.
const WITH_A_BAD_ROLE = `${PEOPLE}  - email: rev@acme.example\n    teams: { ml: reviewer }\n`;

(hasScript() ? describe : describe.skip)('sync apply on a terminal', () => {
  test('a progress bar instead of a line per action; the failures with their reasons and the summary after it', async () => {
    fake = await company();
    const cli = new Cli(fake);
    const path = cli.file('people.yaml', WITH_A_BAD_ROLE);
    const ran = await runOnTerminal(['sync', 'apply', path, '--prune'], cli.env(), cli.home, 'yes\n');
    expectNoLeak(ran);
    const { code, stdout } = ran;
    expect(code).toBe(EXIT.PARTIAL);
    // The plan first, coloured like a diff, and the question (the answer, typed ahead, is echoed at the top); then the bar, redrawn in place, ending full.
    expect(stdout).toMatch(/\u001b\[32m\+\u001b\[39m create user rev@acme\.example/);
    expect(stdout).toMatch(
      /Apply these 15 changes to http:\/\/127\.0\.0\.1:\d+\?\r?\n {2}Only the word yes goes on; anything else cancels\.\r?\n {2}Enter a value: /,
    );
    expect(stdout).toMatch(/applying █{40} 15\/15 actions \| .*14 done.*, 0 already done, .*1 failed or blocked/);
    expect(stdout).toContain('\u001b[1G');
    // No line per action that went well; the one that failed, with the server's reason.
    expect(stdout).not.toMatch(/done {10}/);
    expect(stdout).toMatch(/failed.*\+.* invite rev@acme\.example to ml as reviewer: .*reviewer/);
    expect(stdout).toMatch(/15 actions in [\d.]+ s: 14 done, 1 failed/);
  });

  test('NO_COLOR: the bar still shows, without colours', async () => {
    fake = await company();
    const cli = new Cli(fake);
    const { code, stdout } = await runOnTerminal(['sync', 'apply', cli.file('people.yaml', PEOPLE)], cli.env({ NO_COLOR: '1' }), cli.home, 'yes\n');
    expect(code).toBe(EXIT.OK);
    expect(stdout).toMatch(/applying █{40} 9\/9 actions \| 9 done, 0 already done, 0 failed/);
    expect(stdout).not.toMatch(/\u001b\[(3\d|9\d)m/);
  });
});
