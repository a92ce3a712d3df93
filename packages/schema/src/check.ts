import {
  type ASTNode,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  LoneAnonymousOperationRule,
  NoUnusedFragmentsRule,
  type OperationDefinitionNode,
  specifiedRules,
  validate,
} from 'graphql';
import { type Criticality, diffSchemas, type SchemaChange } from './diff.js';
import { definitionName, type DocumentSet, type ExecutableDefinition } from './documents.js';
import { ExitCode } from './errors.js';
import { collectUsages, isAffectedBy, type Location, locationOf, operationsIncluding } from './usage.js';

// Rules about how documents are split into files, not about the schema: a
// fragment may be kept for other consumers, and anonymous operations live in
// files of their own. Everything else graphql-js checks is what a server checks.
const RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule && rule !== LoneAnonymousOperationRule);

/** An operation in the documents, and where it is written. */
export interface OperationRef extends Location {
  /** The operation's name, or `<anonymous query at file:line>` for an unnamed one. */
  name: string;
  /** Its kind: `query`, `mutation` or `subscription`. */
  operation: OperationDefinitionNode['operation'];
}

/** One place in the documents that the target schema breaks (or, for `dangerous`, may change the behaviour of). */
export interface Impact extends Location {
  /**
   * `breaking` when the place fails validation against the target or uses an
   * element with a breaking change; otherwise `dangerous` (valid, but results may change).
   */
  severity: Exclude<Criticality, 'safe'>;
  /** The schema element used at this place, e.g. `User.deletedAt` or `Query.users(query:)`. */
  coordinate: string;
  /** The operation or fragment this place is written in. */
  definition: string;
  /** Whether {@link Impact.definition} is an operation or a fragment. */
  definitionKind: 'operation' | 'fragment';
  /** Every operation that sends this place (through fragments too). */
  operations: OperationRef[];
  /** What is wrong: errors of validating against the target schema, and the schema changes involved. */
  reasons: string[];
}

/** A schema change from baseline to target, as {@link checkDocuments} saw it. */
export interface CheckedChange extends SchemaChange {
  /** Whether any document uses the changed element. */
  used: boolean;
}

/** The result of {@link checkDocuments}: what `wandb-schema check` prints (`--json` prints exactly this). */
export interface CheckReport {
  /** Name of the baseline schema: {@link CheckInput.baselineName}, default `baseline`. */
  baseline: string;
  /** Name of the target schema: {@link CheckInput.targetName}, default `target`. */
  target: string;
  /** The document files checked, as in {@link DocumentSet.files}. */
  files: string[];
  /** Every operation in the documents, in document order. */
  operations: OperationRef[];
  /** Breaking impacts first, then dangerous; each by file, line and column. */
  impacts: Impact[];
  /** Every change from the baseline to the target, classified, with whether the documents use it. */
  changes: CheckedChange[];
  /** 0 when nothing the documents send is broken, 1 otherwise. */
  exitCode: typeof ExitCode.Ok | typeof ExitCode.Impact;
}

/** What {@link checkDocuments} checks: documents, and the two schemas to measure changes between. */
export interface CheckInput {
  /** The operations and fragments to check, from {@link loadDocuments}. */
  documents: DocumentSet;
  /** The schema the documents were written for; changes are measured from it. */
  baseline: GraphQLSchema;
  /** The schema the documents will meet (a server's, or a newer snapshot). */
  target: GraphQLSchema;
  /** How reports name the baseline (a file path or URL, say). Default `baseline`. */
  baselineName?: string;
  /** How reports name the target. Default `target`. */
  targetName?: string;
}

function contains(definition: ExecutableDefinition, node: ASTNode): boolean {
  const outer = definition.loc;
  const inner = node.loc;
  return !!outer && !!inner && outer.source === inner.source && outer.start <= inner.start && inner.end <= outer.end;
}

function refOf(operation: OperationDefinitionNode): OperationRef {
  return { name: definitionName(operation), operation: operation.operation, ...(locationOf(operation) ?? { file: '', line: 0, column: 0 }) };
}

/**
 * Validates the documents against the target schema and relates every
 * breaking or dangerous change between baseline and target to the places in
 * the documents that use it.
 */
export async function checkDocuments(input: CheckInput): Promise<CheckReport> {
  const { documents, baseline, target } = input;
  const includedBy = operationsIncluding(documents);
  const fromBaseline = collectUsages(documents, baseline);
  // Nodes the baseline cannot name (documents written for a newer schema) may still be named with the target's types.
  const fromTarget = collectUsages(documents, target);
  const nameOf = (node: ASTNode) => fromBaseline.coordinateOf.get(node) ?? fromTarget.coordinateOf.get(node);

  const impacts = new Map<string, Impact>();
  const record = (at: Location, definition: ExecutableDefinition | undefined, coordinate: string, severity: Impact['severity'], reason: string) => {
    const key = `${at.file}:${at.line}:${at.column}:${coordinate}`;
    let impact = impacts.get(key);
    if (!impact) {
      impact = {
        severity,
        coordinate,
        definition: definition ? definitionName(definition) : 'documents',
        definitionKind: definition?.kind === Kind.FRAGMENT_DEFINITION ? 'fragment' : 'operation',
        operations: ((definition && includedBy.get(definition)) ?? []).map(refOf),
        reasons: [],
        file: at.file,
        line: at.line,
        column: at.column,
      };
      impacts.set(key, impact);
    }
    if (severity === 'breaking') impact.severity = 'breaking';
    if (!impact.reasons.includes(reason)) impact.reasons.push(reason);
  };

  for (const error of validate(target, documents.document, RULES)) recordValidationError(error);
  function recordValidationError(error: GraphQLError) {
    const nodes = error.nodes ?? [];
    const node = nodes.find((n) => nameOf(n) !== undefined) ?? nodes[0];
    const at = (node && locationOf(node)) ?? { file: error.source?.name ?? '', line: error.locations?.[0]?.line ?? 0, column: error.locations?.[0]?.column ?? 0 };
    const definition = node && documents.definitions.find((d) => contains(d, node));
    record(at, definition, (node && nameOf(node)) ?? (definition ? definitionName(definition) : 'documents'), 'breaking', error.message);
  }

  const changes: CheckedChange[] = [];
  for (const change of await diffSchemas(baseline, target)) {
    let used = false;
    if (change.criticality !== 'safe') {
      for (const usage of fromBaseline.usages) {
        if (!isAffectedBy(usage, change.coordinate)) continue;
        used = true;
        record(usage, usage.definition, usage.element, change.criticality, `${change.message} (${change.type})`);
      }
    }
    changes.push({ ...change, used });
  }

  const sorted = [...impacts.values()].sort(
    (a, b) =>
      (a.severity === b.severity ? 0 : a.severity === 'breaking' ? -1 : 1) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column,
  );
  const operations = documents.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION).map(refOf);
  return {
    baseline: input.baselineName ?? 'baseline',
    target: input.targetName ?? 'target',
    files: documents.files,
    operations,
    impacts: sorted,
    changes,
    exitCode: sorted.some((i) => i.severity === 'breaking') ? ExitCode.Impact : ExitCode.Ok,
  };
}
