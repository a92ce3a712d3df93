import { parseDesiredState, parseSyncCsv, parseSyncDocument, SyncFileError } from '../../src/sync/index.js';

/** The problems of a file that must be refused, as "line: field: message" strings. */
function problems(text: string, format: 'yaml' | 'csv' = 'yaml'): string[] {
  try {
    parseDesiredState(text, 'people.yaml', format);
  } catch (error) {
    if (!(error instanceof SyncFileError)) throw error;
    return error.problems.map((p) => `${p.line}: ${p.field ?? '-'}: ${p.message}`);
  }
  throw new Error('the file was accepted');
}

const TWO_TEAMS_TWO_USERS = `teams:
  ml: {}
  infra: {}
users:
  - email: ann@acme.example
    admin: false
    teams: { ml: admin, infra: member }
  - email: bob@acme.example
    teams: { ml: viewer }
`;

describe('YAML and JSON sync files', () => {
  it('reads teams, and users with their admin flag and team roles, each with its line', () => {
    const desired = parseSyncDocument(TWO_TEAMS_TWO_USERS, 'people.yaml');
    expect([...desired.teams.values()]).toEqual([
      { name: 'ml', line: 2 },
      { name: 'infra', line: 3 },
    ]);
    expect(desired.users.map((u) => ({ ...u, teams: Object.fromEntries(u.teams) }))).toEqual([
      { email: 'ann@acme.example', key: 'ann@acme.example', admin: false, teams: { ml: 'admin', infra: 'member' }, line: 5 },
      { email: 'bob@acme.example', key: 'bob@acme.example', admin: undefined, teams: { ml: 'viewer' }, line: 8 },
    ]);
  });

  it('reads the same content written as JSON, with its own line numbers', () => {
    const json = JSON.stringify({ teams: { ml: {} }, users: [{ email: 'Ann@Acme.example', admin: true, teams: { ml: 'labeler' } }] }, null, 2);
    const desired = parseSyncDocument(json, 'people.json');
    expect(desired.users[0]).toMatchObject({ email: 'Ann@Acme.example', key: 'ann@acme.example', admin: true, line: 6 });
    expect(desired.users[0]!.teams.get('ml')).toBe('labeler');
    expect(problems('{\n  "users": [\n    { "email": "a@b.example", "admn": true }\n  ]\n}')).toEqual([
      '3: users[0].admn: unknown field (allowed: email, admin, teams, status, orgRole)',
    ]);
  });

  it('accepts `ml:` (null) as a declared team, and a file with no teams', () => {
    expect([...parseSyncDocument('teams:\n  ml:\nusers: []\n', 'f').teams.keys()]).toEqual(['ml']);
    expect(parseSyncDocument('users:\n  - email: a@b.example\n', 'f').teams.size).toBe(0);
  });

  it.each([
    [
      'an unknown field',
      'users:\n  - email: a@b.example\n    admn: true\n',
      ['3: users[0].admn: unknown field (allowed: email, admin, teams, status, orgRole)'],
    ],
    ['an unknown top-level field', 'users: []\ngroups: {}\n', ['2: groups: unknown field (allowed: version, scope, teams, users, serviceAccounts)']],
    ['a setting under a team', 'teams:\n  ml: { private: true }\nusers: []\n', ['2: teams.ml.private: unknown field (a team has no settings yet: write `{}`)']],
    [
      'a bad role',
      'teams: { ml: {} }\nusers:\n  - email: a@b.example\n    teams:\n      ml: owner!\n',
      [
        '5: users[0].teams.ml: role "owner!" is not admin, member, viewer or a custom role\'s name (a letter, then letters, digits, spaces, dots, hyphens or underscores, at most 64 characters)',
      ],
    ],
    [
      'a built-in role in capitals',
      'teams: { ml: {} }\nusers:\n  - email: a@b.example\n    teams: { ml: Admin }\n',
      ['4: users[0].teams.ml: role "Admin" is not a role: did you mean admin? (roles are written in lower case)'],
    ],
    [
      'a duplicate email in another case',
      'users:\n  - email: ann@acme.example\n  - email: bob@acme.example\n  - email: ANN@acme.example\n',
      ['4: users[2].email: ANN@acme.example is listed twice (addresses are compared ignoring case; first on line 2)'],
    ],
    ['a bad email', 'users:\n  - email: ann@acme.example\n  - email: not-an-address\n', ['3: users[1].email: "not-an-address" is not an email address']],
    ['a missing email', 'users:\n  - admin: true\n', ['2: users[0].email: is required']],
    ['a user that is not a mapping', 'users:\n  - ann@acme.example\n', ['2: users[0]: each user is a mapping with an email, e.g. `- email: ann@example.com`']],
    ['admin: yes (a string in YAML 1.2)', 'users:\n  - email: a@b.example\n    admin: yes\n', ['3: users[0].admin: admin must be true or false']],
    [
      'an undeclared team',
      'teams:\n  ml: {}\nusers:\n  - email: a@b.example\n    teams: { ml: admin, infar: member }\n',
      ['5: users[0].teams.infar: team infar is not declared under `teams` (add `infar: {}` there)'],
    ],
    [
      'a misspelt declared team: "did you mean", not a new team',
      'teams:\n  robotics: {}\nusers:\n  - email: a@b.example\n    teams: { robotcs: member }\n',
      ['5: users[0].teams.robotcs: team robotcs is not declared under `teams`: Did you mean robotics? (a new team is declared there: `robotcs: {}`)'],
    ],
    [
      "a team name outside W&B's rule",
      'teams:\n  ml: {}\n  "data science": {}\nusers: []\n',
      ['3: teams["data science"]: team name "data science" may only hold letters, digits, hyphens and underscores'],
    ],
    [
      'a team name outside the rule in a user',
      'teams: { ml: {} }\nusers:\n  - email: a@b.example\n    teams: { "m.l": admin }\n',
      ['4: users[0].teams["m.l"]: team name "m.l" may only hold letters, digits, hyphens and underscores'],
    ],
    ['no users', 'teams: { ml: {} }\n', ['1: users: is required']],
    ['a list at the top', '- email: a@b.example\n', ['1: -: a sync file is a mapping with `teams` and `users`']],
  ])('refuses %s, naming the line and the field', (_what, text, expected) => {
    expect(problems(text)).toEqual(expected);
  });

  it('refuses bad YAML and duplicate keys with the line', () => {
    expect(problems('users:\n  - email: a@b.example\n   admin: true\n')[0]).toMatch(/^3: -: not valid YAML or JSON: /);
    expect(problems('users: []\nusers: []\n')).toEqual(['2: -: not valid YAML or JSON: Map keys must be unique']);
    expect(problems('{ "users": [ }')[0]).toMatch(/^1: -: not valid YAML or JSON: /);
  });

  it('refuses an empty file and an alias bomb', () => {
    expect(problems('')).toEqual(['null: -: the file is empty']);
    expect(problems('# nothing\n')).toEqual(['null: -: the file is empty']);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 6 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
      'users: []',
    ].join('\n');
    expect(problems(bomb)[0]).toMatch(/^null: -: cannot be read: /);
  });

  it('lists every problem, in line order', () => {
    const text = 'teams: { ml: {} }\nusers:\n  - email: bad\n    teams: { ml: Admin }\n  - email: a@b.example\n    extra: 1\n';
    expect(problems(text)).toEqual([
      '3: users[0].email: "bad" is not an email address',
      '4: users[0].teams.ml: role "Admin" is not a role: did you mean admin? (roles are written in lower case)',
      '6: users[1].extra: unknown field (allowed: email, admin, teams, status, orgRole)',
    ]);
  });

  it('accepts a custom role name: the server knows its own', () => {
    expect(
      parseSyncDocument('teams: { ml: {} }\nusers:\n  - email: a@b.example\n    teams: { ml: Model Registry Admin }\n', 'f').users[0]!.teams.get('ml'),
    ).toBe('Model Registry Admin');
  });
});

describe('CSV sync files', () => {
  it('reads the import format with a teams column, reusing its reader', () => {
    const csv =
      '\ufeffemail,admin,teams\r\nann@acme.example,false,ml:admin; infra:member\r\n"\'+bob@acme.example",,ml:viewer\r\n\r\ncarl@acme.example,yes,\r\n';
    const desired = parseSyncCsv(csv, 'people.csv');
    expect([...desired.teams.values()]).toEqual([
      { name: 'ml', line: 2 },
      { name: 'infra', line: 2 },
    ]);
    expect(desired.users.map((u) => [u.email, u.admin, Object.fromEntries(u.teams), u.line])).toEqual([
      ['ann@acme.example', false, { ml: 'admin', infra: 'member' }, 2],
      // The apostrophe the failed-rows file puts before a formula-like cell is dropped, as in users import.
      ['+bob@acme.example', undefined, { ml: 'viewer' }, 3],
      ['carl@acme.example', true, {}, 5],
    ]);
  });

  it.each([
    [
      'a bad role',
      'email,teams\na@b.example,ml:owner!\n',
      [
        '2: teams: role "owner!" is not admin, member, viewer or a custom role\'s name (a letter, then letters, digits, spaces, dots, hyphens or underscores, at most 64 characters)',
      ],
    ],
    ['a team without a role', 'email,teams\na@b.example,ml\n', ['2: teams: "ml" needs a role: TEAM:ROLE, e.g. ml:member']],
    ['a bad team name', 'email,teams\na@b.example,m l:admin\n', ['2: teams: team name "m l" may only hold letters, digits, hyphens and underscores']],
    ['a team named twice', 'email,teams\na@b.example,ml:admin;ml:viewer\n', ['2: teams: team ml is named twice']],
    [
      'a duplicate email',
      'email\nann@acme.example\nAnn@Acme.Example\n',
      ['3: email: Ann@Acme.Example is listed twice (addresses are compared ignoring case; first on line 2)'],
    ],
    ['a bad admin value', 'email,admin\na@b.example,maybe\n', ['2: admin: admin must be true or false (or yes/no, 1/0, empty to leave it), got "maybe"']],
    ['an unknown column', 'email,team\na@b.example,ml:admin\n', ['1: -: unknown column "team" (a sync CSV has: email, admin, teams, status, orgRole)']],
    [
      'no email column',
      'mail\na@b.example\n',
      [
        '1: -: unknown column "mail" (a sync CSV has: email, admin, teams, status, orgRole)',
        '1: -: no "email" column: the first line must be a header, e.g. "email,admin,teams"',
      ],
    ],
    ['a bad email', 'email\nnope\n', ['2: email: "nope" is not an email address']],
    ['bad CSV', 'email\n"a@b.example\n', ['2: -: not valid CSV: Quote Not Closed: the parsing is finished with an opening quote at line 2']],
  ])('refuses %s with its line', (_what, text, expected) => {
    expect(problems(text, 'csv')).toEqual(expected);
  });
});

describe('reserved names (__proto__, constructor, prototype)', () => {
  const RESERVED = '(__proto__, constructor, prototype are never accepted)';
  it('are refused as keys anywhere in YAML, with their lines, instead of vanishing from the file', () => {
    const text = [
      'teams:',
      '  ml: {}',
      '  __proto__: {}',
      'users:',
      '  - email: ann@acme.example',
      '    teams: { ml: admin, constructor: admin }',
      '  - email: bob@acme.example',
      '    prototype: true',
      '',
    ].join('\n');
    expect(problems(text)).toEqual([
      `3: teams.__proto__: "__proto__" is a reserved name, refused as a key: it could change how the file is read ${RESERVED}`,
      `6: users[0].teams.constructor: "constructor" is a reserved name, refused as a key: it could change how the file is read ${RESERVED}`,
      `8: users[1].prototype: "prototype" is a reserved name, refused as a key: it could change how the file is read ${RESERVED}`,
    ]);
  });

  it('are refused in JSON, nested at any depth, quoted or not', () => {
    const json =
      '{\n  "users": [\n    { "email": "ann@acme.example", "teams": { "ml": "admin" } }\n  ],\n  "teams": { "ml": { "a": [{ "__proto__": {} }] } }\n}\n';
    expect(problems(json)).toEqual([
      `5: teams.ml.a[0].__proto__: "__proto__" is a reserved name, refused as a key: it could change how the file is read ${RESERVED}`,
    ]);
  });

  it('are refused as team names in CSV', () => {
    expect(problems('email,teams\nann@acme.example,ml:admin;__proto__:admin\nbob@acme.example,prototype:member\n', 'csv')).toEqual([
      '2: teams: team name "__proto__" is reserved: sync does not manage teams named __proto__, constructor, prototype',
      '3: teams: team name "prototype" is reserved: sync does not manage teams named __proto__, constructor, prototype',
    ]);
  });
});

describe('SyncFileError', () => {
  it('says where each problem is in its message', () => {
    expect(() => parseSyncDocument('users:\n  - email: x\n', 'people.yaml')).toThrow(
      'people.yaml has a problem:\n  people.yaml:2: users[0].email: "x" is not an email address',
    );
  });
});
