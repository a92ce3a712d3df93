import { EXIT } from '../../src/index.js';
import { escapeNonAscii, lookalikeWarnings, scriptsOf } from '../../src/sync/index.js';
import { runSync, scratchFiles } from './helpers.js';
import { MemoryWandb } from './memory-wandb.js';

// Addresses that print like others: flagged in the plan, never refused.

const file = scratchFiles();
const sync = (wandb: MemoryWandb, args: string[]) => runSync(wandb, args);

// The first letter is U+0430 CYRILLIC SMALL LETTER A: it prints as ann@acme.example.
const LOOKALIKE = '\u0430nn@acme.example';
const PEOPLE = `teams: { ml: {} }
users:
  - email: ann@acme.example
    teams: { ml: admin }
  - email: ${LOOKALIKE}
    teams: { ml: member }
  - email: zoë@acme.example
`;

function company() {
  const wandb = new MemoryWandb();
  const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
  wandb.addTeam('ml', [{ user: ann, role: 'admin' }]);
  return wandb;
}

describe('names a person could misread', () => {
  it('are flagged under their action in the plan, escaped, with their scripts and what they look like', async () => {
    const wandb = company();
    const { code, stdout, stderr } = await sync(wandb, ['sync', 'plan', file('people.yaml', PEOPLE)]);
    expect({ code, stderr }).toMatchObject({ code: EXIT.PENDING }); // stderr shown when it fails
    expect(stdout).toContain(`users
  + create user ${LOOKALIKE}
      ! \\u0430nn@acme.example: mixed scripts: Cyrillic and Latin letters; looks like ann@acme.example
  + create user zoë@acme.example
      ! zo\\u00eb@acme.example: Latin letters
`);
    expect(stdout).toContain(`  + invite ${LOOKALIKE} to ml as member
      ! \\u0430nn@acme.example: mixed scripts: Cyrillic and Latin letters; looks like ann@acme.example
`);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe(
      '! 2 names hold characters outside ASCII (shown escaped under their actions): check that each is the one meant.',
    );
  });

  it('are listed in the --json plan, and never refused: the plan applies', async () => {
    const wandb = company();
    const { code, stdout, stderr } = await sync(wandb, ['--json', 'sync', 'plan', file('people.yaml', PEOPLE)]);
    expect({ code, stderr }).toMatchObject({ code: EXIT.PENDING }); // stderr shown when it fails
    const doc = JSON.parse(stdout);
    expect(doc.warnings).toEqual([
      { action: 1, value: LOOKALIKE, escaped: '\\u0430nn@acme.example', scripts: ['Cyrillic', 'Latin'], looksLike: ['ann@acme.example'] },
      { action: 2, value: 'zoë@acme.example', escaped: 'zo\\u00eb@acme.example', scripts: ['Latin'], looksLike: [] },
      { action: 3, value: LOOKALIKE, escaped: '\\u0430nn@acme.example', scripts: ['Cyrillic', 'Latin'], looksLike: ['ann@acme.example'] },
    ]);
    // The saved plan applies; apply works the warnings out again and repeats them on stderr.
    const applied = await sync(wandb, ['sync', 'apply', '--plan', file('plan.json', stdout)]);
    expect(applied).toMatchObject({ code: EXIT.OK });
    expect(applied.stderr).toContain(
      `warning: action 1 (+ create user ${LOOKALIKE}): \\u0430nn@acme.example: mixed scripts: Cyrillic and Latin letters; looks like ann@acme.example\n`,
    );
    expect(wandb.effects).toContain(`createUser ${LOOKALIKE} false`);
  });

  it('leave a plan of ASCII names as it was: no warnings', async () => {
    const wandb = company();
    const plain = await sync(wandb, ['--json', 'sync', 'plan', file('plain.yaml', 'users:\n  - email: bob@acme.example\n')]);
    expect(JSON.parse(plain.stdout).warnings).toEqual([]);
    const text = await sync(wandb, ['sync', 'plan', file('plain.yaml', 'users:\n  - email: bob@acme.example\n')]);
    expect(text.stdout).not.toContain('!');
  });

  it('compare with the accounts on the server, whatever the case, and with the other names of the plan', async () => {
    const wandb = company();
    wandb.addUser({ email: 'Paypal@Corp.example', username: 'paypal' });
    const state = wandb.snapshot();
    const warnings = await lookalikeWarnings(
      [
        { id: 1, dependsOn: [], kind: 'create-user', email: 'p\u0430ypal@corp.example', admin: false, expect: { user: null } },
        { id: 2, dependsOn: [], kind: 'create-user', email: 'new\u200b@corp.example', admin: false, expect: { user: null } },
      ],
      state,
    );
    expect(warnings.map((w) => [w.escaped, w.looksLike])).toEqual([
      ['p\\u0430ypal@corp.example', ['Paypal@Corp.example']],
      ['new\\u200b@corp.example', []],
    ]);
    expect(scriptsOf('Ωmega-ωμέγα')).toEqual(['Greek', 'Latin']);
    expect(escapeNonAscii('a\u{1d5ba}b')).toBe('a\\u{1d5ba}b');
  });
});
