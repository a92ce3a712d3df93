import { type CurrentState, parseSyncCsv, plan } from '../../src/sync/index.js';
import { numberActions } from '../../src/sync/plan.js';
import { desired, lines, NOW, SERVER } from './helpers.js';

// The planner's organization rules as pure functions of a file and a state
// (the same over HTTP against the fake: organizations.test.ts): seats, the
// order they impose, and the file format's organization role.

const member = (userId: string, role: string) => ({ userId, username: userId, email: `${userId}@acme.example`, role });
const account = (id: string) => ({ id, email: `${id}@acme.example`, username: id, admin: false, deletedAt: null, accountType: null, teams: [] });

/** A cloud organization: root (the key's, an admin), and the members given; `full` and `viewOnly` seats left. */
function cloud(members: { userId: string; role: string }[], left: { full: number; viewOnly: number }): CurrentState {
  const all = [member('root', 'admin'), ...members.map((m) => member(m.userId, m.role))];
  const used = (kind: 'full' | 'viewOnly') => all.filter((m) => (m.role === 'viewer') === (kind === 'viewOnly')).length;
  return {
    viewer: { id: 'root', username: 'root', email: 'root@acme.example', admin: false },
    users: all.map((m) => account(m.userId)),
    teams: new Map(),
    deployment: 'cloud',
    organization: {
      id: 'org-1',
      name: 'Acme',
      members: all,
      invitations: [],
      seats: { full: { total: used('full') + left.full, used: used('full') }, viewOnly: { total: used('viewOnly') + left.viewOnly, used: used('viewOnly') } },
      teams: [],
    },
  };
}

const file = (...users: string[]) =>
  desired(`version: 2\nusers:\n  - { email: root@acme.example, orgRole: admin }\n${users.map((u) => `  - ${u}\n`).join('')}`);

describe('seats in a plan', () => {
  it('makes what takes a seat wait for what frees one of its kind, when none is left', () => {
    const state = cloud([{ userId: 'ann', role: 'member' }], { full: 0, viewOnly: 1 });
    const planned = plan(file('{ email: ann@acme.example, orgRole: viewer }', '{ email: new@acme.example }'), state, { server: SERVER, now: NOW });
    expect(planned.blocked).toEqual([]);
    expect(lines(planned)).toEqual(['org-set-role ann@acme.example member->viewer', 'org-invite new@acme.example member']);
    expect(planned.actions[1]!.dependsOn).toEqual([1]);
  });

  it('does not order two role changes that would each wait for the other (a swap with no seat left of either kind)', () => {
    const state = cloud(
      [
        { userId: 'ann', role: 'member' },
        { userId: 'bob', role: 'viewer' },
      ],
      { full: 0, viewOnly: 0 },
    );
    const planned = plan(file('{ email: ann@acme.example, orgRole: viewer }', '{ email: bob@acme.example, orgRole: member }'), state, {
      server: SERVER,
      now: NOW,
    });
    // The seats balance, so nothing blocks it; W&B would refuse the first change with no seat left, and apply reports it.
    expect(planned.blocked).toEqual([]);
    expect(planned.actions.map((a) => a.dependsOn)).toEqual([[], []]);
  });

  it('blocks what the removals of the plan cannot make room for, counting them', () => {
    const state = cloud([{ userId: 'ann', role: 'member' }], { full: 1, viewOnly: 0 });
    const three = file('{ email: a@acme.example }', '{ email: b@acme.example }', '{ email: c@acme.example }');
    expect(plan(three, state, { server: SERVER, now: NOW }).blocked).toEqual([
      { reason: 'seats', seat: 'full', needed: 3, freed: 0, available: 1, total: 3, missing: 2 },
    ]);
    // With --prune ann (not listed) is removed, which frees a full seat: one is still missing.
    expect(plan(three, state, { server: SERVER, now: NOW, prune: true }).blocked).toEqual([
      { reason: 'seats', seat: 'full', needed: 3, freed: 1, available: 1, total: 3, missing: 1 },
    ]);
  });

  it('numbers every action after those it depends on, even of a later phase', () => {
    const remove = { kind: 'org-remove', member: { id: 'u', email: 'u@x.example', username: 'u' }, expect: { role: 'member', pending: false } } as const;
    const invite = { kind: 'org-invite', email: 'n@x.example', username: null, role: 'member', expect: { member: null } } as const;
    const removal = { action: remove, deps: [], seq: 0 };
    const actions = numberActions([removal, { action: invite, deps: [removal], seq: 1 }]);
    expect(actions.map((a) => [a.kind, a.id, a.dependsOn])).toEqual([
      ['org-remove', 1, []],
      ['org-invite', 2, [1]],
    ]);
  });
});

describe('orgRole in a sync file', () => {
  it('reads orgRole from YAML and from an orgRole column of a CSV (any case), as version 2', () => {
    const yaml = desired('version: 2\nusers:\n  - { email: ann@acme.example, orgRole: labeler }\n  - { email: bob@acme.example }\n');
    expect(yaml.users.map((u) => u.orgRole)).toEqual(['labeler', undefined]);
    const csv = parseSyncCsv('email,OrgRole\nann@acme.example,viewer\nbob@acme.example,\n', 'p.csv');
    expect([csv.version, ...csv.users.map((u) => u.orgRole)]).toEqual([2, 'viewer', undefined]);
  });

  it('accepts an address invited to the organization alone, without teams (what an export of a pending invitation writes)', () => {
    const file = desired('version: 2\nusers:\n  - { email: hire@acme.example, status: invited }\n');
    expect(file.users[0]).toMatchObject({ email: 'hire@acme.example', status: 'invited' });
  });
});
