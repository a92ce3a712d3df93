import { type FragmentDefinitionNode, type GraphQLSchema, type Location, type OperationDefinitionNode, TokenKind } from 'graphql';
import { invalidValue, NOT_A_SCALAR } from './probe-values.js';
import { ProbeText } from './probe-text.js';
import { reachableDefinitions } from './usage.js';

/** One request of a probe: an operation with its fragments, and variables the server must refuse. */
export interface ProbeRequest {
  /** The text to send: the operation and the fragments it spreads, as written in their files. */
  text: ProbeText;
  /** A wrong value for every variable. */
  variables: Record<string, unknown>;
  /** The names of those variables (declared by the operation, or the probe's own). */
  variableNames: string[];
}

/** Whether and how an operation is probed: a request to send, or why it is not sent. */
export type ProbePlan = { send: ProbeRequest } | { skip: string };

/** The name of the variable the probe adds to a query that has none whose wrong value every server must refuse. */
export const PROBE_VARIABLE = 'wandbSchemaProbe';

function unusedName(taken: ReadonlySet<string>): string {
  let name = PROBE_VARIABLE;
  for (let i = 2; taken.has(name); i++) name = `${PROBE_VARIABLE}${i}`;
  return name;
}

/**
 * Copies the operation, adding a variable `$name: Boolean!` and a field that
 * uses it (`name: __typename @include(if: $name)`, valid on every object type
 * of every schema), so that a wrong value for it stops the query at variable
 * coercion, before anything runs.
 */
function copyWithProbeVariable(text: ProbeText, operation: OperationDefinitionNode, loc: Location, selectionSet: Location, name: string): void {
  const { source } = loc;
  const declaration = `$${name}: Boolean!`;
  let at: number;
  let added: string;
  const first = operation.variableDefinitions?.[0]?.loc;
  if (first) [at, added] = [first.start, `${declaration}, `];
  else if (operation.name?.loc) [at, added] = [operation.name.loc.end, `(${declaration})`];
  else if (loc.startToken.kind === TokenKind.BRACE_L) [at, added] = [loc.start, `query (${declaration}) `];
  else [at, added] = [loc.startToken.end, ` (${declaration})`];
  const field = selectionSet.start + 1;
  text.copy(source, loc.start, at).add(added).copy(source, at, field).add(` ${name}: __typename @include(if: $${name}) `).copy(source, field, loc.end);
}

/**
 * How to probe `operation` against a server without running it: every
 * declared variable gets a value of the wrong shape (see `invalidValue`), so a
 * server that validates the document, then coerces the variables, then
 * executes stops at validation (drift) or at coercion (compatible).
 *
 * - A mutation (or subscription) is sent only when at least one of its
 *   variables has a wrong value that every server must refuse; otherwise it
 *   could run, and it is not sent.
 * - A query without such a variable gets one of the probe's own.
 */
export function planProbe(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, baseline: GraphQLSchema): ProbePlan {
  const { loc } = operation;
  const selectionSet = operation.selectionSet.loc;
  const fragmentLocs = reachableDefinitions(operation, fragments)
    .slice(1)
    .map((f) => f.loc);
  if (!loc || !selectionSet || fragmentLocs.some((f) => f === undefined)) return { skip: 'the documents were parsed without source locations' };
  const declared = operation.variableDefinitions ?? [];
  const values = declared.map((d) => ({ name: d.variable.name.value, ...invalidValue(d.type, baseline) }));
  const certain = values.some((v) => v.certain);
  if (operation.operation !== 'query' && !certain) {
    return {
      skip:
        declared.length === 0
          ? `a ${operation.operation} without variables cannot be probed without running it`
          : `none of its variables has a type whose wrong values every server refuses (custom scalars may accept anything), so probing could run it`,
    };
  }
  const variables: Record<string, unknown> = Object.fromEntries(values.map((v) => [v.name, v.value]));
  const text = new ProbeText();
  if (certain) {
    text.copy(loc.source, loc.start, loc.end);
  } else {
    const name = unusedName(new Set(values.map((v) => v.name)));
    copyWithProbeVariable(text, operation, loc, selectionSet, name);
    variables[name] = NOT_A_SCALAR;
  }
  for (const fragment of fragmentLocs) {
    if (fragment) text.add('\n\n').copy(fragment.source, fragment.start, fragment.end);
  }
  return { send: { text, variables, variableNames: Object.keys(variables) } };
}
