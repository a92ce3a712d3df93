import { z } from 'zod';
import { emailProblem, roleProblem, teamNameProblem } from './rules.js';

// The one schema of a sync file, whether it is written in YAML or JSON. The
// CSV form (parse-csv.ts) is checked against the same rules (rules.ts). Every
// object is strict: an unknown field is an error, because a misspelt field
// (`admn: true`, `team:`) silently ignored would change what sync does.

/** A check built from one of rules.ts's "why not" functions, with its message. */
function satisfies(problem: (value: string) => string | undefined) {
  return z.string().check((ctx) => {
    const message = problem(ctx.value);
    if (message !== undefined) ctx.issues.push({ code: 'custom', message, input: ctx.value });
  });
}

const teamName = satisfies(teamNameProblem);

/** `teams: { ml: {} }`: a team's settings. None yet; `ml:` (null) is accepted as `{}`. */
const teamSettings = z.union([z.strictObject({}), z.null()], { error: 'a team is declared as `NAME: {}`' });

const user = z.strictObject({
  email: z.string({ error: 'email must be a string' }).pipe(satisfies(emailProblem)),
  admin: z.boolean({ error: 'admin must be true or false' }).optional(),
  teams: z
    .record(teamName, z.string({ error: 'a role must be a string' }).pipe(satisfies(roleProblem)), {
      error: 'teams must map team names to roles, e.g. { ml: admin }',
    })
    .optional(),
});

/** A sync file's content. */
export const syncFileSchema = z.strictObject({
  teams: z.record(teamName, teamSettings, { error: 'teams must map team names to {}' }).optional(),
  users: z.array(user, { error: 'users must be a list' }),
});

export type SyncFileContent = z.infer<typeof syncFileSchema>;
