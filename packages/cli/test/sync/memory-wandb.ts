// An in-memory W&B behind sync's client port, with the fake server's rules
// (packages/testing README, "What the fake assumes about W&B") for what sync
// touches: pending invitations, the last admin of a team, the last instance
// admin, deactivated users and service accounts. It counts calls in flight and
// can fail chosen calls, for the executor's tests.
import type { CurrentState, SyncClient, SyncClientMember, SyncClientTeam, SyncClientUser, SyncUserCalls, UserRef } from '../../src/sync/index.js';

export interface MemUser {
  id: string;
  email: string | null;
  username: string;
  admin: boolean;
  deletedAt: string | null;
  accountType: 'USER' | 'SERVICE';
}

export interface MemMember {
  /** The user's ID once joined, the invitation's while pending. */
  id: string;
  userId: string | null;
  email: string | null;
  role: string;
  pending: boolean;
}

export interface MemTeam {
  id: string;
  name: string;
  members: MemMember[];
}

/** What a hook may do to a call: fail before it does anything, or after it did its work. */
export type Fault = { when: 'before' | 'after'; error: Error } | undefined;

export class NamedError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

const ROLES = new Set(['admin', 'member', 'viewer', 'labeler']);

export class MemoryWandb {
  users: MemUser[] = [];
  teams = new Map<string, MemTeam>();
  viewerId: string;
  #n = 0;
  /** Mutations that changed something, in order: "createUser ann@x", ... */
  readonly effects: string[] = [];
  /** Every call, in order. */
  readonly calls: string[] = [];
  inFlight = 0;
  maxInFlight = 0;
  /** Decides a fault for each call (by name and the call's number). */
  fault: (call: string, n: number) => Fault = () => undefined;
  /** Leave users' account types out of listings, as the SDK's `User` does (members keep theirs). */
  hideAccountTypes = false;
  /** How many event-loop turns a call takes (default 1): slow calls for ordering tests. */
  turns: (call: string) => number = () => 1;

  constructor() {
    this.viewerId = this.addUser({ email: 'root@corp.example', username: 'root', admin: true }).id;
  }

  nextId(prefix: string): string {
    return `${prefix}-${++this.#n}`;
  }

  addUser(spec: { email: string | null; username?: string; admin?: boolean; deactivated?: boolean; service?: boolean }): MemUser {
    const user: MemUser = {
      id: this.nextId('user'),
      email: spec.email,
      username: spec.username ?? `${(spec.email ?? `svc${this.#n}`).split('@')[0]!.replace(/[^a-z0-9]/gi, '-')}-${this.#n}`,
      admin: spec.admin ?? false,
      deletedAt: spec.deactivated ? '2024-01-01T00:00:00Z' : null,
      accountType: spec.service ? 'SERVICE' : 'USER',
    };
    this.users.push(user);
    return user;
  }

  addTeam(name: string, members: { user?: MemUser; email?: string; role: string; pending?: boolean }[] = []): MemTeam {
    const team: MemTeam = { id: this.nextId('team'), name, members: [] };
    for (const m of members) {
      if (m.pending)
        team.members.push({ id: this.nextId('invite'), userId: m.user?.id ?? null, email: m.user?.email ?? m.email ?? null, role: m.role, pending: true });
      else team.members.push({ id: m.user!.id, userId: m.user!.id, email: m.user!.email, role: m.role, pending: false });
    }
    this.teams.set(name, team);
    return team;
  }

  userByEmail(email: string): MemUser | undefined {
    return this.users.find((u) => u.email?.toLowerCase() === email.toLowerCase());
  }

  /** The invitee follows the link. */
  acceptInvite(team: string, email: string): void {
    const t = this.teams.get(team)!;
    const invite = t.members.find((m) => m.pending && m.email?.toLowerCase() === email.toLowerCase())!;
    const user = this.userByEmail(email)!;
    Object.assign(invite, { id: user.id, userId: user.id, pending: false });
  }

  /** Names of the teams the user joined. */
  teamsOf(userId: string): string[] {
    return [...this.teams.values()].filter((t) => t.members.some((m) => !m.pending && m.userId === userId)).map((t) => t.name);
  }

  /** The state as sync reads it, without going through the client. */
  snapshot(): CurrentState {
    const viewer = this.users.find((u) => u.id === this.viewerId)!;
    return {
      viewer: { id: viewer.id, username: viewer.username, email: viewer.email, admin: viewer.admin },
      users: this.users.map((u) => ({ ...u, teams: this.teamsOf(u.id) })),
      teams: new Map([...this.teams].map(([name, t]) => [name, { id: t.id, name, members: t.members.map((m) => this.memberView(m)) }])),
    };
  }

  /** Comparable server state: users and team rosters, without generated IDs. */
  fingerprint(): unknown {
    return {
      users: this.users.map((u) => `${u.email}|${u.admin}|${u.deletedAt !== null}|${u.accountType}`).sort(),
      teams: [...this.teams.values()]
        .map(
          (t) =>
            `${t.name}: ${t.members
              .map((m) => `${m.email ?? m.userId}:${m.role}${m.pending ? '?' : ''}`)
              .sort()
              .join(',')}`,
        )
        .sort(),
    };
  }

  memberView(m: MemMember) {
    const user = m.userId ? this.users.find((u) => u.id === m.userId) : m.email ? this.userByEmail(m.email) : undefined;
    return {
      id: m.id,
      username: user?.username ?? null,
      email: m.email ?? user?.email ?? null,
      role: m.role,
      pending: m.pending,
      accountType: user?.accountType ?? null,
    };
  }

  /** Runs a call with the bookkeeping: in-flight count, log, faults. */
  async call<T>(name: string, work: () => T): Promise<T> {
    const n = this.calls.push(name);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      // Let other calls start: the point of counting them.
      for (let turn = this.turns(name); turn > 0; turn--) await new Promise((resolve) => setImmediate(resolve));
      const fault = this.fault(name, n);
      if (fault?.when === 'before') throw fault.error;
      const result = work();
      if (fault?.when === 'after') throw fault.error;
      return result;
    } finally {
      this.inFlight--;
    }
  }

  client(): SyncClient {
    const wandb = this;
    const userObject = (u: MemUser): SyncClientUser => ({
      id: u.id,
      email: u.email,
      username: u.username,
      admin: u.admin,
      deletedAt: u.deletedAt,
      ...(!wandb.hideAccountTypes && { accountType: u.accountType }),
      teams: wandb.teamsOf(u.id),
    });
    // As W&B's mutations: by ID; an unknown ID is refused.
    const userCalls = (ref: UserRef): SyncUserCalls => {
      const change = (name: string, work: (live: MemUser) => boolean, suffix = '') =>
        wandb.call(`${name} ${wandb.users.find((x) => x.id === ref.id)?.username ?? ref.id}${suffix}`, () => {
          const live = wandb.users.find((x) => x.id === ref.id);
          return live ? work(live) : false;
        });
      return {
        deactivate: () =>
          change('deactivate', (live) => {
            if (live.admin && wandb.users.filter((x) => x.admin && !x.deletedAt).length === 1) return false;
            if (live.deletedAt) return false;
            live.deletedAt = '2025-01-01T00:00:00Z';
            wandb.effects.push(`deactivate ${live.email}`);
            return true;
          }),
        reactivate: () =>
          change('reactivate', (live) => {
            if (!live.deletedAt) return false;
            live.deletedAt = null;
            wandb.effects.push(`reactivate ${live.email}`);
            return true;
          }),
        setAdmin: (admin) =>
          change(
            'setAdmin',
            (live) => {
              if (!admin && live.admin && wandb.users.filter((x) => x.admin && !x.deletedAt).length === 1) return false;
              if (live.admin === admin) return false;
              live.admin = admin;
              wandb.effects.push(`setAdmin ${live.email} ${admin}`);
              return true;
            },
            ` ${admin}`,
          ),
      };
    };
    const teamObject = (t: MemTeam): SyncClientTeam => ({
      id: t.id,
      name: t.name,
      members: t.members.map((m): SyncClientMember => {
        const view = wandb.memberView(m);
        return {
          ...view,
          setRole: (role) =>
            wandb.call(`setRole ${t.name} ${view.email} ${role}`, () => {
              const live = t.members.find((x) => x.id === m.id && !x.pending);
              if (!live || !ROLES.has(role)) return false;
              if (live.role === 'admin' && role !== 'admin' && t.members.filter((x) => !x.pending && x.role === 'admin').length === 1) return false;
              if (live.role === role) return false;
              live.role = role;
              wandb.effects.push(`setRole ${t.name} ${view.email} ${role}`);
              return true;
            }),
          delete: () =>
            wandb.call(`delete ${t.name} ${view.email}`, () => {
              const index = t.members.findIndex((x) => x.id === m.id);
              if (index < 0) return false;
              const live = t.members[index]!;
              if (!live.pending && live.role === 'admin' && t.members.filter((x) => !x.pending && x.role === 'admin').length === 1) return false;
              t.members.splice(index, 1);
              wandb.effects.push(`delete ${t.name} ${view.email}`);
              return true;
            }),
        };
      }),
      invite: (who, { role }) =>
        wandb.call(`invite ${t.name} ${who} ${role}`, () => {
          const user = who.includes('@') ? wandb.userByEmail(who) : wandb.users.find((u) => u.username === who);
          if (!who.includes('@') && !user) return false;
          if (!ROLES.has(role) || user?.deletedAt || user?.accountType === 'SERVICE') return false;
          const email = user?.email ?? who;
          const there = t.members.some((m) => (user && m.userId === user.id) || m.email?.toLowerCase() === email.toLowerCase());
          if (there) return false;
          t.members.push({ id: wandb.nextId('invite'), userId: user?.id ?? null, email, role, pending: true });
          wandb.effects.push(`invite ${t.name} ${email.toLowerCase()} ${role}`);
          return true;
        }),
    });
    return {
      viewer: () => wandb.call('viewer', () => userObject(wandb.users.find((u) => u.id === wandb.viewerId)!)),
      userPages: (query) => {
        const q = query.toLowerCase();
        return (async function* () {
          const found = await wandb.call(`users ${query}`, () =>
            wandb.users.filter((u) => q === '' || u.email?.toLowerCase().includes(q) || u.username.toLowerCase().includes(q)).map(userObject),
          );
          // Pages of two: enough to cross a page boundary in every test.
          for (let i = 0; i < found.length; i += 2) yield found.slice(i, i + 2);
        })();
      },
      team: (name) =>
        wandb.call(`team ${name}`, () => {
          const t = wandb.teams.get(name);
          return t ? teamObject(t) : null;
        }),
      createUser: (email, { admin }) =>
        wandb.call(`createUser ${email}`, () => {
          if (wandb.userByEmail(email)) throw new NamedError('ConflictError', `${email} exists`);
          const user = wandb.addUser({ email, admin });
          wandb.effects.push(`createUser ${email.toLowerCase()} ${admin}`);
          return userObject(user);
        }),
      createTeam: (name, { adminUsername }) =>
        wandb.call(`createTeam ${name}`, () => {
          if (wandb.teams.has(name) || wandb.users.some((u) => u.username === name)) throw new NamedError('ConflictError', `${name} is taken`);
          const admin = adminUsername === undefined ? wandb.users.find((u) => u.id === wandb.viewerId)! : wandb.users.find((u) => u.username === adminUsername);
          if (!admin) throw new NamedError('NotFoundError', `no user ${adminUsername}`);
          const team = wandb.addTeam(name, [{ user: admin, role: 'admin' }]);
          wandb.effects.push(`createTeam ${name} ${admin.email}`);
          return teamObject(team);
        }),
      userCalls,
    };
  }
}
