/** One problem in a sync file: where (line and field, when known) and what. */
export interface FileProblem {
  /** 1-based line, or null when the problem is not at one place (an empty file). */
  readonly line: number | null;
  /** The field at fault, as a path (`users[2].teams.ml`), or null for the file as a whole. */
  readonly field: string | null;
  readonly message: string;
}

/** The most problems a message lists; `problems` has them all. */
const LISTED = 20;

/**
 * A sync file (desired state or saved plan) that cannot be used: not YAML,
 * JSON or CSV, or not what sync expects. Raised before anything is sent, with
 * every problem found, each with its line and field.
 */
export class SyncFileError extends Error {
  override readonly name = 'SyncFileError';

  constructor(
    /** The file's name, or "standard input". */
    readonly source: string,
    readonly problems: readonly FileProblem[],
  ) {
    const shown = problems.slice(0, LISTED).map((p) => `\n  ${describeProblem(source, p)}`);
    const more = problems.length > LISTED ? `\n  ... and ${problems.length - LISTED} more` : '';
    super(`${source} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}:${shown.join('')}${more}`);
  }
}

/** `people.yaml:7: users[1].teams.ml: role "Admin" is not a role...` */
export function describeProblem(source: string, problem: FileProblem): string {
  const where = problem.line === null ? source : `${source}:${problem.line}`;
  return problem.field === null ? `${where}: ${problem.message}` : `${where}: ${problem.field}: ${problem.message}`;
}
