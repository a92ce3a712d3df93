import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
import type { DocumentNode, OperationDefinitionNode } from 'graphql';
import { loadClient } from './load-client.js';

/**
 * A document `Api.request` and `Api.execute` can send, typed with its result
 * and variables: a GraphQL AST (as exported by `@wandb-ts/users/graphql`), or a
 * document string as GraphQL Code Generator emits with `documentMode: string`.
 */
// biome-ignore lint/complexity/noBannedTypes: codegen's string documents are `String` objects (TypedDocumentString extends String), not primitives.
export type TypedDocument<TData, TVariables> = DocumentTypeDecoration<TData, TVariables> & (DocumentNode | String);

export interface DescribedDocument {
  /** The text sent as `query`. */
  text: string;
  /** The operation's name; `anonymous operation` when it has none. */
  operation: string;
  /** Whether resending could repeat a change: true for mutations, and for anything not known to be a query. */
  isMutation: boolean;
  /** The name to send as `operationName`, when there is one. */
  operationName: string | undefined;
}

const ANONYMOUS = 'anonymous operation';
const described = new WeakMap<object, DescribedDocument>();

// Codegen prints a document string with its operation first and the fragments
// after it, so the first definition names the operation. A document that does
// not start as a query is treated as a mutation: it is then only resent when
// provably not applied.
const LEADING_OPERATION = /^[\s,\uFEFF]*(?:(query|mutation|subscription)\b[\s,]*([_A-Za-z][_0-9A-Za-z]*)?|(\{))/;

function describeText(text: string): DescribedDocument {
  const match = LEADING_OPERATION.exec(text);
  const kind = match?.[3] ? 'query' : match?.[1];
  const name = match?.[2];
  return { text, operation: name ?? ANONYMOUS, isMutation: kind !== 'query', operationName: name };
}

/** As graphql-js's `getOperationAST` without a name: the document's only operation, if it has exactly one. */
function operationOf(document: DocumentNode): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return operations.length === 1 ? operations[0] : undefined;
}

async function describeAst(document: DocumentNode): Promise<DescribedDocument> {
  // The SDK's own documents are strings; an AST needs graphql-js's printer,
  // which comes with the client module (load-client.ts).
  const { print } = await loadClient();
  const op = operationOf(document);
  const name = op?.name?.value;
  const text = print(document);
  return { text, operation: name ?? ANONYMOUS, isMutation: op?.operation !== 'query', operationName: name };
}

/**
 * The text, name and kind of a document, worked out once per document object:
 * at once for strings and documents seen before, asynchronously only for an
 * AST's first use (the printer may have to be loaded).
 */
export function describeDocument(document: TypedDocument<unknown, never> | DocumentNode | string): DescribedDocument | Promise<DescribedDocument> {
  if (typeof document === 'string') return describeText(document);
  const known = described.get(document);
  if (known) return known;
  if ('kind' in document) {
    return describeAst(document).then((entry) => {
      described.set(document, entry);
      return entry;
    });
  }
  const entry = describeText(String(document));
  described.set(document, entry);
  return entry;
}
