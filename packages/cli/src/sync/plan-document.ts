import { z } from 'zod';
import { type Action, describeExpectation, signOf } from './actions.js';
import { type FileProblem, SyncFileError } from './file-error.js';
import type { LookalikeWarning } from './lookalikes.js';
import { fieldName, type Locator, type PathSegment } from './locate.js';
import { type Deployment, DEPLOYMENTS } from './deployment.js';
import { HELD_REASONS, PLAN_VERSION, type Plan } from './plan-types.js';
import { emailDomainProblem, teamNameProblem } from './rules.js';
import { RULE_NAMES, type RuleName } from './safety.js';
import { satisfies } from './schema.js';
import { parseYamlFile } from './yaml-file.js';

/** How many actions add, change and remove: a plan's summary. */
export interface PlanSummary {
  /** Actions that add (`+`). */
  readonly add: number;
  /** Actions that change (`~`). */
  readonly change: number;
  /** Actions that remove (`-`). */
  readonly remove: number;
}

/** How many of `actions` add, change and remove. */
export function summarize(actions: readonly Action[]): PlanSummary {
  const count = (sign: string) => actions.filter((a) => signOf(a) === sign).length;
  return { add: count('+'), change: count('~'), remove: count('-') };
}

/**
 * The plan as `sync plan --json` prints it: the {@link Plan} itself, with
 * fields derived for people and scripts, which a reader ignores: `summary`,
 * each action's `precondition` in words, and `warnings`, the names a person
 * could misread ({@link lookalikeWarnings}; apply works them out again).
 */
export function planDocument(plan: Plan, warnings: readonly LookalikeWarning[] = []) {
  return {
    ...plan,
    summary: summarize(plan.actions),
    actions: plan.actions.map((action) => ({ ...action, precondition: describeExpectation(action) })),
    warnings,
  };
}

const text = z.string();
const nullableText = z.string().nullable();
const ref = z.strictObject({ id: text, email: nullableText, username: nullableText });
const base = { id: z.number().int().positive(), dependsOn: z.array(z.number().int().positive()), precondition: text.optional() };

/** An action as plan documents and journals write it (and `precondition`, ignored). */
export const actionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ ...base, kind: z.literal('create-user'), email: text, admin: z.boolean(), expect: z.strictObject({ user: z.null() }) }),
  z.strictObject({ ...base, kind: z.literal('reactivate-user'), user: ref, expect: z.strictObject({ deactivated: z.literal(true) }) }),
  z.strictObject({ ...base, kind: z.literal('set-admin'), user: ref, admin: z.boolean(), expect: z.strictObject({ admin: z.boolean() }) }),
  z.strictObject({
    ...base,
    kind: z.literal('deactivate-user'),
    user: ref,
    expect: z.strictObject({ deactivated: z.literal(false), admin: z.boolean().nullable() }),
  }),
  z.strictObject({ ...base, kind: z.literal('create-team'), team: text, adminUsername: nullableText, expect: z.strictObject({ team: z.null() }) }),
  z.strictObject({
    ...base,
    kind: z.literal('invite'),
    team: text,
    email: text,
    username: nullableText,
    role: text,
    expect: z.strictObject({ member: z.null() }),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('change-role'),
    team: text,
    member: ref,
    role: text,
    expect: z.strictObject({ role: text, pending: z.literal(false) }),
  }),
  z.strictObject({
    ...base,
    kind: z.literal('reinvite'),
    team: text,
    member: ref,
    email: text,
    role: text,
    expect: z.strictObject({ role: text, pending: z.literal(true) }),
  }),
  z.strictObject({ ...base, kind: z.literal('remove-from-team'), team: text, member: ref, expect: z.strictObject({ role: text, pending: z.boolean() }) }),
  z.strictObject({
    ...base,
    kind: z.literal('org-invite'),
    email: text,
    username: nullableText,
    role: text,
    expect: z.strictObject({ member: z.null() }),
  }),
  z.strictObject({ ...base, kind: z.literal('org-set-role'), member: ref, role: text, expect: z.strictObject({ role: text }) }),
  z.strictObject({ ...base, kind: z.literal('org-remove'), member: ref, expect: z.strictObject({ role: nullableText, pending: z.boolean() }) }),
]);

const held = z.strictObject({
  kind: text,
  subject: text,
  team: nullableText,
  reason: z.enum(HELD_REASONS as [string, ...string[]]),
  teams: z.array(text).optional(),
});

const blocker = z.discriminatedUnion('reason', [
  z.strictObject({ reason: z.literal('too-many-removals'), removals: z.number(), limit: z.number() }),
  z.strictObject({ reason: z.literal('team-name-taken'), team: text, username: text }),
  z.strictObject({ reason: z.literal('ambiguous-email'), email: text, userIds: z.array(text) }),
  z.strictObject({
    reason: z.literal('seats'),
    seat: z.enum(['full', 'viewOnly']),
    needed: z.number(),
    freed: z.number(),
    available: z.number(),
    total: z.number(),
    missing: z.number(),
  }),
  z.strictObject({ reason: z.literal('no-organization') }),
  z.strictObject({
    reason: z.literal('safety-rule'),
    rule: z.enum(RULE_NAMES as [RuleName, ...RuleName[]]),
    actions: z.array(z.number().int().positive()),
    message: text,
  }),
]);

const seatCount = z.strictObject({ total: z.number().int().nonnegative(), used: z.number().int().nonnegative() });

const planSchema = z.strictObject({
  version: z.literal(PLAN_VERSION, { error: `this wandb-users reads plans of version ${PLAN_VERSION}: make the plan again with \`sync plan --json\`` }),
  server: text,
  createdAt: text,
  source: text,
  // A partial file's scope, as the sync file writes it: names the file rules accept.
  scope: z
    .strictObject({
      teams: z.array(satisfies(teamNameProblem)).min(1).nullable(),
      emailDomains: z.array(satisfies(emailDomainProblem)).min(1).nullable(),
    })
    .optional(),
  viewer: z.strictObject({ id: text, username: nullableText }),
  deployment: z.enum(DEPLOYMENTS as [Deployment, ...Deployment[]]).optional(),
  organization: z
    .strictObject({
      id: text,
      name: text,
      seats: z.strictObject({ full: seatCount, viewOnly: seatCount }),
    })
    .optional(),
  settings: z.strictObject({ prune: z.boolean(), includeAdmins: z.boolean(), maxRemovals: z.number().int().nonnegative().nullable() }),
  accounts: z.number().int().nonnegative(),
  removalLimit: z.number().int().nonnegative(),
  actions: z.array(actionSchema),
  held: z.array(held),
  blocked: z.array(blocker),
  summary: z.unknown().optional(),
  warnings: z.unknown().optional(),
});

/** Actions numbered 1..n in order, each depending only on earlier ones: what apply's scheduling relies on. */
function orderProblems(actions: readonly { id: number; dependsOn: readonly number[] }[], where: Locator): FileProblem[] {
  const problems: FileProblem[] = [];
  actions.forEach((a, index) => {
    const path: PathSegment[] = ['actions', index];
    if (a.id !== index + 1)
      problems.push({
        line: where.lineOf([...path, 'id']),
        field: fieldName([...path, 'id']),
        message: `expected id ${index + 1}: actions are numbered in order`,
      });
    for (const dep of a.dependsOn) {
      if (dep >= a.id)
        problems.push({
          line: where.lineOf([...path, 'dependsOn']),
          field: fieldName([...path, 'dependsOn']),
          message: `depends on action ${dep}, which does not come before it`,
        });
    }
  });
  return problems;
}

/**
 * Reads a plan saved by `sync plan --json`, checking its shape and version.
 * Throws {@link SyncFileError} naming each problem's line and field: not JSON,
 * reserved names as keys, an alias bomb, a field out of shape. Whether it
 * still fits the server and the safety rules is another question (check.ts).
 */
export function readPlanDocument(content: string, source: string): Plan {
  const { where, value } = parseYamlFile(content, source, 'JSON');
  const parsed = planSchema.safeParse(value);
  if (!parsed.success) {
    throw new SyncFileError(
      source,
      parsed.error.issues.map((issue) => {
        const path = issue.path as PathSegment[];
        const message = issue.code === 'unrecognized_keys' ? `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}` : issue.message;
        return { line: where.lineOf(path), field: fieldName(path), message };
      }),
    );
  }
  const problems = orderProblems(parsed.data.actions, where);
  if (problems.length > 0) throw new SyncFileError(source, problems);
  const { summary: _summary, warnings: _warnings, ...rest } = parsed.data;
  return { ...rest, actions: parsed.data.actions.map(({ precondition: _p, ...a }) => a as Action) } as Plan;
}
