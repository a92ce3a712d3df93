/**
 * Exit codes of `wandb-schema`. `Impact` means the schema change breaks the
 * documents (check) or the schema has breaking changes (diff); `Failure` means
 * the command could not do its job: bad arguments, unreadable or invalid
 * input, a server that refused or could not be reached.
 */
export const ExitCode = { Ok: 0, Impact: 1, Failure: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base class of the errors this package throws; each means exit code 2. */
export class SchemaToolError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Arguments that do not make sense together, or a value of the wrong shape. */
export class UsageError extends SchemaToolError {}

/** A schema file that cannot be read, parsed or built into a valid schema. */
export class SchemaSourceError extends SchemaToolError {
  /** The message's first line: what is wrong with the schema as a whole. */
  readonly summary: string;

  constructor(
    summary: string,
    /** The file or URL the schema was to come from. */
    readonly source: string,
    options: { cause?: unknown; details?: readonly string[] } = {},
  ) {
    const details = options.details ?? [];
    super(details.length > 0 ? `${summary}\n${details.map((d) => `  ${d}`).join('\n')}` : summary, options);
    this.summary = summary;
    this.details = details;
  }

  /** One problem a line (the errors of an invalid schema), as the schema or server words them. */
  readonly details: readonly string[];
}

/** Operation documents that cannot be found, read or parsed. */
export class DocumentsError extends SchemaToolError {}

/** The server answered, but refuses introspection (many production servers do). */
export class IntrospectionDisabledError extends SchemaToolError {
  constructor(
    /** The GraphQL endpoint that refused. */
    readonly url: string,
    /** What the server said. */
    readonly serverMessage: string,
  ) {
    super(
      `${url} refuses introspection (the server said: ${serverMessage}). ` +
        'Many W&B deployments disable it. Get the schema another way (e.g. the SDL from your W&B administrator, ' +
        'or pull from a server that allows introspection) and pass the file instead: --from FILE or --against FILE; ' +
        '`wandb-schema check --against URL` checks operations without it, by probing.',
    );
  }
}

/**
 * The server cannot be probed: it did not answer the probe's test requests
 * the way a GraphQL server that validates, then coerces variables, then
 * executes does, so its answers to the real operations could not be trusted.
 */
export class ProbeError extends SchemaToolError {
  constructor(
    /** The GraphQL endpoint. */
    readonly url: string,
    /** What went wrong. */
    readonly reason: string,
  ) {
    super(`${url} cannot be probed: ${reason}`);
  }
}
