import {
  type ASTNode,
  type FragmentDefinitionNode,
  getNamedType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  Kind,
  type OperationDefinitionNode,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { isWithin } from './coordinates.js';
import type { DocumentSet, ExecutableDefinition } from './documents.js';

/** A place in a document file. */
export interface Location {
  /** The file, as in {@link DocumentSet.files}: relative to the working directory, `/`-separated. */
  file: string;
  /** 1-based line number. */
  line: number;
  /** 1-based column number. */
  column: number;
}

/**
 * - `field`, `argument`, `enum-value`, `type-condition`: the document names this element itself.
 * - `input-type`: a variable of this input or enum type; its contents come from the caller, so any change inside matters.
 * - `output-enum`: a selected field returns this enum, so the document may receive any of its values.
 */
export type UsageKind = 'field' | 'argument' | 'enum-value' | 'type-condition' | 'input-type' | 'output-enum';

export interface Usage extends Location {
  /** What the usage depends on: matched against the coordinates of schema changes. */
  coordinate: string;
  /** What the document writes there, as shown to people (the field for an `output-enum` usage). */
  element: string;
  kind: UsageKind;
  /** The operation or fragment the usage is written in. */
  definition: ExecutableDefinition;
}

export function locationOf(node: ASTNode): Location | undefined {
  if (!node.loc) return undefined;
  return { file: node.loc.source.name, line: node.loc.startToken.line, column: node.loc.startToken.column };
}

/**
 * Every schema element the documents use, with where, resolved against
 * `schema` (the schema the documents were written for). Also remembers which
 * coordinate each AST node stands for, so validation errors can be named.
 */
export function collectUsages(documents: DocumentSet, schema: GraphQLSchema): { usages: Usage[]; coordinateOf: Map<ASTNode, string> } {
  const usages: Usage[] = [];
  const coordinateOf = new Map<ASTNode, string>();
  for (const definition of documents.definitions) {
    const typeInfo = new TypeInfo(schema);
    const fields: string[] = [];
    const add = (node: ASTNode, coordinate: string, kind: UsageKind, element = coordinate) => {
      const at = locationOf(node);
      if (!coordinateOf.has(node)) coordinateOf.set(node, element);
      if (at) usages.push({ ...at, coordinate, element, kind, definition });
    };
    visit(
      definition,
      visitWithTypeInfo(typeInfo, {
        Field: {
          enter(node) {
            const parent = typeInfo.getParentType();
            const coordinate = parent && !node.name.value.startsWith('__') ? `${parent.name}.${node.name.value}` : '';
            fields.push(coordinate);
            if (!coordinate) return;
            add(node, coordinate, 'field');
            const returned = typeInfo.getFieldDef() && getNamedType(typeInfo.getType());
            if (returned && isEnumType(returned)) add(node, returned.name, 'output-enum', coordinate);
          },
          leave() {
            fields.pop();
          },
        },
        Argument(node) {
          const field = fields.at(-1);
          if (!field || typeInfo.getDirective()) return;
          const coordinate = `${field}(${node.name.value}:)`;
          add(node, coordinate, 'argument');
          if (node.value.kind === Kind.VARIABLE) coordinateOf.set(node.value, coordinate);
        },
        ObjectField(node) {
          const parent = typeInfo.getParentInputType();
          const named = parent && getNamedType(parent);
          if (named && isInputObjectType(named)) add(node, `${named.name}.${node.name.value}`, 'field');
        },
        EnumValue(node) {
          const type = typeInfo.getInputType();
          const named = type && getNamedType(type);
          if (named && isEnumType(named)) add(node, `${named.name}.${node.value}`, 'enum-value');
        },
        VariableDefinition(node) {
          const type = typeFromAST(schema, node.type);
          const named = type && getNamedType(type);
          if (named && (isInputObjectType(named) || isEnumType(named))) add(node, named.name, 'input-type');
        },
        NamedType(node, _key, parent) {
          const owner = parent as ASTNode | undefined;
          if (owner && !Array.isArray(owner) && (owner.kind === Kind.FRAGMENT_DEFINITION || owner.kind === Kind.INLINE_FRAGMENT)) {
            add(node, node.name.value, 'type-condition');
          } else if (!coordinateOf.has(node)) {
            coordinateOf.set(node, node.name.value);
          }
        },
      }),
    );
  }
  return { usages, coordinateOf };
}

/** Whether a change at `changed` can affect this usage. */
export function isAffectedBy(usage: Usage, changed: string): boolean {
  if (isWithin(usage.coordinate, changed)) return true;
  // A variable of an input/enum type, or a selected enum field, depends on the type's whole contents.
  return (usage.kind === 'input-type' || usage.kind === 'output-enum') && isWithin(changed, usage.coordinate);
}

/** The operation and every fragment it spreads, directly or through other fragments, in the order they are reached. */
export function reachableDefinitions(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): ExecutableDefinition[] {
  const reached: ExecutableDefinition[] = [operation];
  const seen = new Set<ExecutableDefinition>(reached);
  // The list grows while it is walked: fragments found are visited in turn.
  for (const definition of reached) {
    visit(definition, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !seen.has(fragment)) {
          seen.add(fragment);
          reached.push(fragment);
        }
      },
    });
  }
  return reached;
}

/** The fragments of the documents, by name. */
export function fragmentsByName(documents: DocumentSet): Map<string, FragmentDefinitionNode> {
  return new Map(documents.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
}

/** For each operation or fragment, the operations that include it (itself, for an operation), through fragments. */
export function operationsIncluding(documents: DocumentSet): Map<ExecutableDefinition, OperationDefinitionNode[]> {
  const fragments = fragmentsByName(documents);
  const result = new Map<ExecutableDefinition, OperationDefinitionNode[]>(documents.definitions.map((d) => [d, []]));
  for (const operation of documents.definitions) {
    if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const definition of reachableDefinitions(operation, fragments)) result.get(definition)?.push(operation);
  }
  return result;
}
