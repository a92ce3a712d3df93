import type { ProbeRequest } from './probe-request.js';
import type { SourcePosition } from './probe-text.js';

/** A GraphQL error of a probe's answer: the message as the SDK shows it (secrets masked), and where it points. */
export interface ProbeError {
  /** The server's message, printable and on one line. */
  message: string;
  /** `extensions.code`, when the server sent one. */
  code?: string;
  /** The response path, when the server sent one (execution errors have one; validation errors do not). */
  path?: readonly (string | number)[];
  /** Line and column in the text sent, when the server said. */
  locations: readonly { line: number; column: number }[];
}

/** What a server answered to a probe. */
export interface ProbeAnswer {
  /** HTTP status. */
  status: number;
  errors: readonly ProbeError[];
  /** Whether the answer carries data: the server ran the operation. */
  executed: boolean;
}

/** What one error says about the document: see {@link classifyError}. */
export type ErrorKind = 'validation' | 'coercion' | 'execution' | 'unknown';

// How servers word a variable whose value cannot be coerced: graphql-js and
// its ports ("got invalid value", "cannot represent"), graph-gophers ("has
// invalid value"), Sangria ("expected value of type"), gqlgen ("cannot use
// map as String", "must be a string").
const COERCION = /invalid value|cannot represent|expected (a |an )?(value of )?type|must be (a|an) |cannot use .+ as /i;
// Validation errors that name a variable too: the document itself is wrong there.
const VARIABLE_VALIDATION = /used in position|never used|not defined|non-input type|unknown type/i;
// The standard validation rules' messages, for servers that send no locations.
const VALIDATION =
  /cannot query field|unknown argument|unknown type|unknown fragment|unknown directive|is required,? but (it was )?not provided|must have a selection of subfields|must not have a selection|used in position expecting|can only be spread|fields ".+" conflict/i;

function namesVariable(error: ProbeError, names: readonly string[]): boolean {
  // gqlgen puts the variable in the path: ["variable", "email"].
  if (error.path?.[0] === 'variable' && names.includes(String(error.path[1]))) return true;
  return names.some((name) => new RegExp(`(\\$|["'\`]|variable\\.)${name}(?![_0-9A-Za-z])`).test(error.message));
}

/**
 * - `validation`: the server refused the document itself (unknown field,
 *   argument or type, missing required argument, wrong variable type for a
 *   position...): drift.
 * - `coercion`: a variable's value was refused; the document passed validation.
 * - `execution`: an error from running the operation (it has a response path).
 * - `unknown`: none of these.
 */
export function classifyError(error: ProbeError, variableNames: readonly string[]): ErrorKind {
  if (error.path && error.path.length > 0 && error.path[0] !== 'variable') return 'execution';
  if (namesVariable(error, variableNames) && !VARIABLE_VALIDATION.test(error.message)) {
    if (COERCION.test(error.message) || error.code === 'BAD_USER_INPUT' || error.path?.[0] === 'variable') return 'coercion';
  }
  if (error.locations.length > 0 || error.code === 'GRAPHQL_VALIDATION_FAILED' || VALIDATION.test(error.message)) return 'validation';
  return 'unknown';
}

/** A validation error, and the places in the documents it points to (none when the server sent no usable location). */
export interface Refusal {
  error: ProbeError;
  places: SourcePosition[];
}

/**
 * The verdict on one probed operation. An inconclusive one is `unsafe` when
 * the answer is not the refusal a server that validates, then coerces
 * variables, then executes gives (data, an execution error, an error of no
 * known kind, or nothing): such a server may run what it is sent, and the
 * probe stops there.
 */
export type ProbeVerdict = { status: 'compatible' } | { status: 'breaking'; refusals: Refusal[] } | { status: 'inconclusive'; reason: string; unsafe: boolean };

function said(errors: readonly ProbeError[]): string {
  const [first, ...rest] = errors;
  return first ? `${first.message}${rest.length > 0 ? ` (and ${rest.length} more)` : ''}` : 'no errors';
}

/**
 * Judges a server's answer to a probe request: validation errors mean drift
 * (`breaking`); only variable coercion errors mean the document validated
 * (`compatible`); anything else is `inconclusive`, never compatible.
 */
export function judge(answer: ProbeAnswer, request: ProbeRequest): ProbeVerdict {
  const kinds = answer.errors.map((error) => classifyError(error, request.variableNames));
  const refusals: Refusal[] = [];
  const ownRefused: ProbeError[] = [];
  answer.errors.forEach((error, i) => {
    if (kinds[i] !== 'validation') return;
    const located = error.locations.map((l) => request.text.locate(l.line, l.column));
    const places = located.filter((p): p is SourcePosition => p !== undefined && p !== 'probe');
    // An error only about the probe's own additions says nothing about the documents.
    if (places.length === 0 && located.length > 0 && located.every((p) => p === 'probe')) ownRefused.push(error);
    else refusals.push({ error, places });
  });
  if (refusals.length > 0) return { status: 'breaking', refusals };
  // A validation error, about the probe's own text: the server validates, nothing ran.
  if (ownRefused.length > 0)
    return { status: 'inconclusive', reason: `the server refused what the probe added to the query: ${said(ownRefused)}`, unsafe: false };
  if (answer.executed || kinds.includes('execution')) {
    return {
      status: 'inconclusive',
      reason: `the server ran the operation although its variables could not be coerced (HTTP ${answer.status}): ${said(answer.errors)}`,
      unsafe: true,
    };
  }
  if (answer.errors.length > 0 && kinds.every((k) => k === 'coercion')) return { status: 'compatible' };
  const other = answer.errors.filter((_, i) => kinds[i] !== 'coercion');
  return {
    status: 'inconclusive',
    reason:
      answer.errors.length === 0
        ? `the server answered HTTP ${answer.status} without errors or data`
        : `the server's answer is neither a validation nor a variable error (HTTP ${answer.status}): ${said(other)}`,
    unsafe: true,
  };
}
