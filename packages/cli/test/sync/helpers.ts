import {
  type Action,
  type ApplyOptions,
  applyPlan,
  type DesiredState,
  parseSyncDocument,
  type Plan,
  type PlanOptions,
  plan,
  readCurrentState,
  readScopeFor,
} from '../../src/sync/index.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { runWith } from '../../src/program.js';
import { memoryIo, tempDir } from '../helpers.js';
import type { MemoryWandb } from './memory-wandb.js';

export const SERVER = 'https://wandb.corp.example';

/** What an in-process run printed, and its exit status. */
export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `wandb-users ARGS` in this process against the in-memory W&B, as the server at {@link SERVER}. */
export async function runSync(wandb: MemoryWandb, args: string[], options: { env?: Record<string, string>; stdin?: Readable } = {}): Promise<Ran> {
  const { io, stdout, stderr } = memoryIo({ env: { WANDB_BASE_URL: SERVER, WANDB_API_KEY: 'k'.repeat(40), XDG_STATE_HOME: stateHome(), ...options.env } });
  if (options.stdin) io.stdin = options.stdin as unknown as NodeJS.ReadStream;
  const code = await runWith(args, io, { syncClient: () => wandb.client() });
  return { code, stdout: stdout(), stderr: stderr() };
}

let state: string | undefined;
/** XDG_STATE_HOME of in-process runs: a temporary directory per test file, where their journals go. */
export function stateHome(): string {
  state ??= tempDir();
  return state;
}

/** Writes files into a temporary directory removed after the test file: `file(name, content)` returns the path. */
export function scratchFiles(): (name: string, content: string | Buffer) => string {
  const dir = tempDir();
  return (name, content) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
}
export const NOW = new Date('2025-06-01T12:00:00Z');

/** A desired state from YAML text. */
export function desired(yaml: string): DesiredState {
  return parseSyncDocument(yaml, 'people.yaml');
}

/** Plans against the in-memory server's state, read through the client as sync reads it. */
export async function planFor(wandb: MemoryWandb, want: DesiredState, options: Partial<PlanOptions> = {}): Promise<Plan> {
  const state = await readCurrentState(wandb.client(), readScopeFor(want, options));
  return plan(want, state, { server: SERVER, now: NOW, ...options });
}

/** An action as one readable line: what tests compare. */
export function line(action: Action): string {
  switch (action.kind) {
    case 'create-user':
      return `create-user ${action.email}${action.admin ? ' admin' : ''}`;
    case 'create-team':
      return `create-team ${action.team}${action.adminUsername ? ` by ${action.adminUsername}` : ''}`;
    case 'invite':
      return `invite ${action.team} ${action.email} ${action.role}`;
    case 'reinvite':
      return `reinvite ${action.team} ${action.email} ${action.expect.role}->${action.role}`;
    case 'change-role':
      return `change-role ${action.team} ${action.member.email} ${action.expect.role}->${action.role}`;
    case 'remove-from-team':
      return `remove ${action.team} ${action.member.email}${action.expect.pending ? ' (pending)' : ''}`;
    case 'set-admin':
      return `set-admin ${action.user.email} ${action.admin}`;
    case 'reactivate-user':
      return `reactivate ${action.user.email}`;
    case 'deactivate-user':
      return `deactivate ${action.user.email}`;
    case 'org-invite':
      return `org-invite ${action.email} ${action.role}`;
    case 'org-set-role':
      return `org-set-role ${action.member.email} ${action.expect.role}->${action.role}`;
    case 'org-remove':
      return `org-remove ${action.member.email}${action.expect.pending ? ' (pending)' : ''}`;
  }
}

export function lines(p: Plan): string[] {
  return p.actions.map(line);
}

/** Applies a plan to the in-memory server and fails the test if any action did not succeed. */
export async function applyAll(wandb: MemoryWandb, p: Plan, options: ApplyOptions = {}) {
  const result = await applyPlan(p, wandb.client(), options);
  const bad = result.results.filter((r) => r.status !== 'done' && r.status !== 'already-done');
  expect(bad.map((r) => `${line(r.action)}: ${r.status} ${r.reason ?? ''}`)).toEqual([]);
  return result;
}
