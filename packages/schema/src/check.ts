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
import { diffSchemas, type SchemaChange } from './diff.js';
import { definitionName, type DocumentSet, type ExecutableDefinition } from './documents.js';
import { ExitCode } from './errors.js';
import { type Impact, ImpactList, type OperationRef, refOf } from './impacts.js';
import { collectUsages, isAffectedBy, type Location, locationOf, operationsIncluding } from './usage.js';

// Rules about how documents are split into files, not about the schema: a
// fragment may be kept for other consumers, and anonymous operations live in
// files of their own. Everything else graphql-js checks is what a server checks.
const RULES = specifiedRules.filter((rule) => rule !== NoUnusedFragmentsRule && rule !== LoneAnonymousOperationRule);

/** A schema change from baseline to target, as {@link checkDocuments} saw it. */
export interface CheckedChange extends SchemaChange {
  /** Whether any document uses the changed element. */
  used: boolean;
}

/**
 * How a {@link CheckReport} was made: `schema` validates the documents against
 * the target's schema (a file, or a server's by introspection); `probe` sends
 * each operation to the server in a form it refuses before running it
 * ({@link probeDocuments}).
 */
export type CheckMethod = 'schema' | 'probe';

/** What probing found for one operation ({@link probeDocuments}). */
export interface ProbedOperation extends OperationRef {
  /**
   * - `compatible`: the server validated the document (it then refused the variables, as intended);
   * - `breaking`: the server refused the document: see {@link CheckReport.impacts} for where;
   * - `inconclusive`: the answer said neither; never counted as compatible;
   * - `not-probed`: not sent, because it could have run (a mutation without variables a server must refuse).
   */
  status: 'compatible' | 'breaking' | 'inconclusive' | 'not-probed';
  /** Why the operation is inconclusive or was not probed; absent otherwise. */
  detail?: string;
}

/** The result of {@link checkDocuments} or {@link probeDocuments}: what `wandb-schema check` prints (`--json` prints exactly this). */
export interface CheckReport {
  /** How the target was checked. */
  method: CheckMethod;
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
  /**
   * Every change from the baseline to the target, classified, with whether the
   * documents use it. Empty in probe mode: a probe sees what the server refuses, not its schema.
   */
  changes: CheckedChange[];
  /** In probe mode, the verdict on each operation, in document order. */
  probe?: ProbedOperation[];
  /**
   * 0 when nothing the documents send is broken, 1 when something is; in
   * probe mode, 2 when no operation breaks but some could not be verified.
   */
  exitCode: ExitCode;
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

  const impacts = new ImpactList(documents);
  const record = (at: Location, definition: ExecutableDefinition | undefined, coordinate: string, severity: Impact['severity'], reason: string) =>
    impacts.record(at, definition, coordinate, severity, reason, (definition && includedBy.get(definition)) ?? []);

  for (const error of validate(target, documents.document, RULES)) recordValidationError(error);
  function recordValidationError(error: GraphQLError) {
    const nodes = error.nodes ?? [];
    const node = nodes.find((n) => nameOf(n) !== undefined) ?? nodes[0];
    const at = (node && locationOf(node)) ?? {
      file: error.source?.name ?? '',
      line: error.locations?.[0]?.line ?? 0,
      column: error.locations?.[0]?.column ?? 0,
    };
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

  const sorted = impacts.sorted();
  const operations = documents.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION).map(refOf);
  return {
    method: 'schema',
    baseline: input.baselineName ?? 'baseline',
    target: input.targetName ?? 'target',
    files: documents.files,
    operations,
    impacts: sorted,
    changes,
    exitCode: sorted.some((i) => i.severity === 'breaking') ? ExitCode.Impact : ExitCode.Ok,
  };
}
