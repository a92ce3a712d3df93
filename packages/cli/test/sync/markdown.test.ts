import { existsSync, readFileSync, statSync } from 'node:fs';
import MarkdownIt from 'markdown-it';
import { PassThrough } from 'node:stream';
import { EXIT } from '../../src/index.js';
import { Output } from '../../src/output/output.js';
import { codeSpan, MAX_MARKDOWN_ACTIONS } from '../../src/commands/sync/markdown.js';
import { runSync, scratchFiles } from './helpers.js';
import { MemoryWandb } from './memory-wandb.js';

// `sync plan --markdown` (a pull-request comment or a job summary) and `sync
// plan --out` (the saved plan that is reviewed, then applied). In-process
// against the in-memory W&B.

const file = scratchFiles();

/** Renders like a permissive GitHub: raw HTML allowed, bare URLs and addresses turned into links. */
const render = (markdown: string) => new MarkdownIt({ html: true, linkify: true }).render(markdown);

/** The HTML outside every <code> element: where no text from the file or the server may appear. */
const outsideCode = (html: string) => html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '');

function company() {
  const wandb = new MemoryWandb();
  const ann = wandb.addUser({ email: 'ann@acme.example', username: 'ann' });
  const bob = wandb.addUser({ email: 'bob@acme.example', username: 'bob' });
  wandb.addTeam('ml', [
    { user: ann, role: 'admin' },
    { user: bob, role: 'viewer' },
  ]);
  return wandb;
}

const PEOPLE = `teams: { ml: {} }
users:
  - email: ann@acme.example
    teams: { ml: admin }
  - email: bob@acme.example
    teams: { ml: member }
  - email: new@acme.example
    teams: { ml: member }
`;

describe('sync plan --markdown', () => {
  it('prints the counts, what the plan was made from, the changes grouped, and what the safety rules held back', async () => {
    const wandb = company();
    const path = file('people.yaml', PEOPLE);
    const { code, stdout } = await runSync(wandb, ['sync', 'plan', path, '--prune', '--markdown']);
    expect(code).toBe(EXIT.PENDING);
    expect(stdout).toBe(`### wandb-users sync plan: 2 to add, 1 to change, 0 to remove

\`${path}\` against \`https://wandb.corp.example\`, as \`root\`, with \`--prune\` (at most 10 removals).

#### Users

\`\`\`diff
+ create user new@acme.example
\`\`\`

#### Team \`ml\`

\`\`\`diff
+ invite new@acme.example to ml as member
~ change role of bob@acme.example in ml: viewer -> member
\`\`\`

#### Held back by the safety rules

\`\`\`
! root@corp.example not deactivated: the API key's own account
\`\`\`
`);
  });

  it('says when there is nothing to change (exit 0)', async () => {
    const wandb = company();
    const { code, stdout } = await runSync(wandb, ['sync', 'plan', file('same.yaml', 'teams: { ml: {} }\nusers: []\n'), '--markdown']);
    expect(code).toBe(EXIT.OK);
    expect(stdout).toContain('### wandb-users sync plan: no changes\n');
    expect(stdout).toContain('without `--prune` (nothing is removed).\n\nThe server matches the file: applying it would change nothing.\n');
  });

  it('shows names from the server only as code: no link, HTML, mention or forged line comes of them', async () => {
    const wandb = company();
    // Accounts anyone could have named so, that --prune would deactivate.
    wandb.addUser({ email: '[click](https://evil.example/x)@acme.example', username: '@octocat' });
    wandb.addUser({ email: '<script>alert(1)</script>@acme.example', username: '<img/src=x/onerror=alert(2)>' });
    wandb.addUser({ email: 'tick```@acme.example', username: 'line\n# forged heading\n@octocat' });
    wandb.users[0]!.username = '`x` <b>bold</b> https://evil.example @octocat';
    const { code, stdout } = await runSync(wandb, ['sync', 'plan', file('people.yaml', PEOPLE), '--prune', '--markdown']);
    expect(code).toBe(EXIT.PENDING);
    expect(stdout).toContain('- deactivate user [click](https://evil.example/x)@acme.example (@octocat)\n');
    expect(stdout).toContain('- deactivate user tick```@acme.example (line\\n# forged heading\\n@octocat)\n');
    const html = render(stdout);
    expect(html).not.toMatch(/<a |<script|<img|<b>|<h1/);
    expect(outsideCode(html)).not.toMatch(/evil\.example|octocat|alert|forged|bold|tick/);
  });

  it('quotes any text in a code span, whatever backticks it holds', () => {
    for (const text of ['plain', '`', 'a`b', 'a``b`', '`start', 'end`', ' spaced ', 'x\ny']) {
      const html = render(`x ${codeSpan(text)} y`);
      const inner = /<code>([\s\S]*)<\/code>/.exec(html)?.[1];
      const expected = text.replace('\n', '\\n').replace(/&/g, '&amp;').replace(/</g, '&lt;');
      expect({ text, inner }).toEqual({ text, inner: expected });
    }
  });

  it('lists as many actions as a comment holds, and says how many more the saved plan has', async () => {
    const wandb = company();
    const many = Array.from({ length: MAX_MARKDOWN_ACTIONS + 20 }, (_, i) => `  - email: hire${i}@acme.example\n`).join('');
    const { stdout } = await runSync(wandb, ['sync', 'plan', file('many.yaml', `users:\n${many}`), '--markdown']);
    expect(stdout.match(/^\+ create user/gm)).toHaveLength(MAX_MARKDOWN_ACTIONS);
    expect(stdout).toContain(`The first ${MAX_MARKDOWN_ACTIONS} of ${MAX_MARKDOWN_ACTIONS + 20} actions are listed here; the saved plan lists every one.\n`);
  });

  it('is refused with --json: two ways to print one plan (exit 2)', async () => {
    const { code, stderr } = await runSync(company(), ['--json', 'sync', 'plan', file('people.yaml', PEOPLE), '--markdown']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toContain('--markdown and --json are two ways to print the plan: choose one');
  });
});

describe('sync plan --out', () => {
  it('saves the plan it shows (mode 0600), which apply --plan then runs', async () => {
    const wandb = company();
    const out = file('plan.json', '').replace(/plan\.json$/, 'saved.json');
    const planned = await runSync(wandb, ['sync', 'plan', file('people.yaml', PEOPLE), '--markdown', '--out', out]);
    expect(planned.code).toBe(EXIT.PENDING);
    expect(planned.stderr).toContain(`saved the plan to ${out}: \`wandb-users sync apply --plan ${out}\` applies it once reviewed`);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.actions.map((a: { kind: string }) => a.kind)).toEqual(['create-user', 'invite', 'change-role']);
    expect(saved.summary).toEqual({ add: 2, change: 1, remove: 0 });
    const applied = await runSync(wandb, ['sync', 'apply', '--plan', out]);
    expect(applied.code).toBe(EXIT.OK);
    expect(wandb.effects).toEqual(['createUser new@acme.example false', 'invite ml new@acme.example member', 'setRole ml bob@acme.example member']);
    // Not over an existing file without --overwrite: the plan is not even made.
    const again = await runSync(wandb, ['sync', 'plan', file('people.yaml', PEOPLE), '--out', out]);
    expect(again.code).toBe(EXIT.USAGE);
    expect(again.stderr).toContain(`${out} already exists`);
  });

  it('saves no plan that is blocked: apply would refuse it', async () => {
    const wandb = company();
    for (let i = 0; i < 12; i++) wandb.addUser({ email: `leaver${i}@acme.example` });
    const out = file('x.json', '').replace(/x\.json$/, 'blocked.json');
    const { code, stdout } = await runSync(wandb, ['sync', 'plan', file('people.yaml', PEOPLE), '--prune', '--markdown', '--out', out]);
    expect(code).toBe(EXIT.USAGE);
    expect(stdout).toContain('#### Blocked: this plan cannot be applied\n\n```\nx 12 removals exceed the limit of 10');
    expect(existsSync(out)).toBe(false);
  });
});

describe('a result of several lines on stdout', () => {
  it('is written as it is, but for control and invisible characters, which are shown escaped (line ends kept)', () => {
    const stdout = new PassThrough();
    let written = '';
    stdout.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
    const out = new Output(stdout as unknown as NodeJS.WriteStream, stdout as unknown as NodeJS.WriteStream, {
      json: false,
      quiet: false,
      color: false,
      env: {},
    });
    out.block('users:\n  - email: zoë@acme.example\n');
    out.block('a\u001b[2Jb\nc\u202ed\te');
    expect(written).toBe('users:\n  - email: zoë@acme.example\na\\x1b[2Jb\nc\\u202ed\\te\n');
  });
});
