import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Criticality } from './diff.js';
import { definitionName, type DocumentSet, type ExecutableDefinition } from './documents.js';
import { type Location, locationOf } from './usage.js';

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

/** An operation as reports name it: its name, kind and place. */
export function refOf(operation: OperationDefinitionNode): OperationRef {
  return { name: definitionName(operation), operation: operation.operation, ...(locationOf(operation) ?? { file: '', line: 0, column: 0 }) };
}

function byPlace(a: Location, b: Location): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column;
}

/**
 * The impacts found so far, one per place and coordinate: reasons and
 * operations found for the same place add up, and one breaking reason makes
 * the place breaking.
 */
export class ImpactList {
  readonly #impacts = new Map<string, { impact: Impact; operations: Set<OperationDefinitionNode> }>();
  /** Where each definition stands in the documents: operations are listed in document order. */
  readonly #order: Map<ExecutableDefinition, number>;

  constructor(documents: DocumentSet) {
    this.#order = new Map(documents.definitions.map((d, i) => [d, i]));
  }

  record(
    at: Location,
    definition: ExecutableDefinition | undefined,
    coordinate: string,
    severity: Impact['severity'],
    reason: string,
    operations: readonly OperationDefinitionNode[],
  ): void {
    const key = `${at.file}:${at.line}:${at.column}:${coordinate}`;
    let entry = this.#impacts.get(key);
    if (!entry) {
      entry = {
        impact: {
          severity,
          coordinate,
          definition: definition ? definitionName(definition) : 'documents',
          definitionKind: definition?.kind === Kind.FRAGMENT_DEFINITION ? 'fragment' : 'operation',
          operations: [],
          reasons: [],
          file: at.file,
          line: at.line,
          column: at.column,
        },
        operations: new Set(),
      };
      this.#impacts.set(key, entry);
    }
    const { impact } = entry;
    if (severity === 'breaking') impact.severity = 'breaking';
    if (!impact.reasons.includes(reason)) impact.reasons.push(reason);
    for (const operation of operations) entry.operations.add(operation);
  }

  /** Breaking impacts first, then dangerous; each by file, line and column; operations in document order. */
  sorted(): Impact[] {
    return [...this.#impacts.values()]
      .map(({ impact, operations }) => ({
        ...impact,
        operations: [...operations].sort((a, b) => (this.#order.get(a) ?? 0) - (this.#order.get(b) ?? 0)).map(refOf),
      }))
      .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'breaking' ? -1 : 1) || byPlace(a, b));
  }
}
