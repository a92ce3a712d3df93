import { z } from 'zod';
import { emailDomainProblem, emailProblem, roleProblem, teamNameProblem, usernameProblem } from './rules.js';

// The one schema of a sync file, whether it is written in YAML or JSON. The
// CSV form (parse-csv.ts) is checked against the same rules (rules.ts). Every
// object is strict: an unknown field is an error, because a misspelt field
// (`admn: true`, `team:`) silently ignored would change what sync does.
//
// Version 1 is `teams` and `users` with `email`, `admin` and `teams`. Version 2
// (`version: 2`, what `sync export` writes) adds what an export needs to say
// of every account: a user's `status` and organization role (`orgRole`), the
// `scope` of a partial file, and the `serviceAccounts` found. A file that uses them says `version: 2`
// (parse-document.ts checks it), so that what a file means never depends on
// which wandb-users reads it: an older one refuses it as a whole.

/** A check built from one of rules.ts's "why not" functions, with its message. */
export function satisfies(problem: (value: string) => string | undefined) {
  return z.string().check((ctx) => {
    const message = problem(ctx.value);
    if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: ctx.value });
  });
}

const teamName = satisfies(teamNameProblem);

/** `teams: { ml: {} }`: a team's settings. None yet; `ml:` (null) is accepted as `{}`. */
const teamSettings = z.union([z.strictObject({}), z.null()], { error: 'a team is declared as `NAME: {}`' });

const roles = z
  .record(teamName, z.string({ error: 'a role must be a string' }).pipe(satisfies(roleProblem)), {
    error: 'teams must map team names to roles, e.g. { ml: admin }',
  })
  .optional();

const user = z.strictObject({
  email: z.string({ error: 'email must be a string' }).pipe(satisfies(emailProblem)),
  admin: z.boolean({ error: 'admin must be true or false' }).optional(),
  teams: roles,
  status: z.enum(['active', 'deactivated', 'invited'], { error: 'status must be active, deactivated or invited' }).optional(),
  // The seat follows the role (W&B's organization mutations take a role and no seat): no `seat` field.
  orgRole: z.string({ error: 'orgRole must be a string' }).pipe(satisfies(roleProblem)).optional(),
});

const serviceAccount = z.strictObject({
  username: z.string({ error: 'username must be a string' }).pipe(satisfies(usernameProblem)),
  teams: roles,
  status: z.enum(['active', 'deactivated'], { error: 'the status of a service account is active or deactivated' }).optional(),
});

const scope = z.strictObject({
  teams: z.array(teamName, { error: 'scope.teams is a list of team names' }).min(1, { error: 'a scope with no team covers nothing' }).optional(),
  emailDomains: z
    .array(z.string({ error: 'an email domain is a string' }).pipe(satisfies(emailDomainProblem)), { error: 'scope.emailDomains is a list of domains' })
    .min(1, { error: 'a scope with no domain covers nothing' })
    .optional(),
});

/** The versions this reader knows; what a newer file needs is a newer wandb-users. */
const version = z.union([z.literal(1), z.literal(2)], { error: 'this wandb-users reads sync files of version 1 and 2: update it to read this one' });

/** A sync file's content. */
export const syncFileSchema = z.strictObject({
  version: version.optional(),
  scope: scope.optional(),
  teams: z.record(teamName, teamSettings, { error: 'teams must map team names to {}' }).optional(),
  users: z.array(user, { error: 'users must be a list' }),
  serviceAccounts: z.array(serviceAccount, { error: 'serviceAccounts must be a list' }).optional(),
});

export type SyncFileContent = z.infer<typeof syncFileSchema>;

/** The fields of each kind of object, for "unknown field" messages; version 2's fields are named as such. */
export const FIELDS: Record<string, readonly string[]> = {
  file: ['version', 'scope', 'teams', 'users', 'serviceAccounts'],
  user: ['email', 'admin', 'teams', 'status', 'orgRole'],
  serviceAccount: ['username', 'teams', 'status'],
  scope: ['teams', 'emailDomains'],
  team: [],
};

/** Fields that only a version 2 file may use, by where they are. */
export const VERSION_2_FIELDS = { file: ['scope', 'serviceAccounts'], user: ['status', 'orgRole'] } as const;
