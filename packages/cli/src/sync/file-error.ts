/** One problem in a sync file: where (line and field, when known) and what. */
export interface FileProblem {
  /** 1-based line, or null when the problem is not at one place (an empty file). */
  readonly line: number | null;
  /** The field at fault, as a path (`users[2].teams.ml`), or null for the file as a whole. */
  readonly field: string | null;
  /** What is wrong. */
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
  /** The class's name, kept in bundles. */
  override readonly name = 'SyncFileError';

  constructor(
    /** The file's name, or "standard input". */
    readonly source: string,
    /** Every problem found, in line order. */
    readonly problems: readonly FileProblem[],
  ) {
    const summary = `${source} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}`;
    super(
      `${summary}:${listProblems(source, problems)
        .map((line) => `\n  ${line}`)
        .join('')}`,
    );
    this.summary = summary;
  }

  /** The message's first line: "people.yaml has 3 problems". */
  readonly summary: string;
}

/** The problems as lines: the first 20, then a line saying how many more. */
export function listProblems(source: string, problems: readonly FileProblem[]): string[] {
  const lines = problems.slice(0, LISTED).map((p) => describeProblem(source, p));
  if (problems.length > LISTED) lines.push(`... and ${problems.length - LISTED} more`);
  return lines;
}

/** `people.yaml:7: users[1].teams.ml: role "Admin" is not a role...` */
export function describeProblem(source: string, problem: FileProblem): string {
  const where = problem.line === null ? source : `${source}:${problem.line}`;
  return problem.field === null ? `${where}: ${problem.message}` : `${where}: ${problem.field}: ${problem.message}`;
}
