import { describeDocument, type TypedDocument } from './documents.js';
import { UnexpectedResponseError } from '../errors/response-errors.js';
import type { ModelClient } from './model-client.js';
import type { CallOptions } from './transport.js';

/** A GraphQL connection as the SDK's operations select it. */
export interface Connection<TNode> {
  readonly edges: readonly { readonly node: TNode | null }[];
  readonly pageInfo: { readonly hasNextPage: boolean; readonly endCursor: unknown };
}

/** Pages in a row that may claim more while bringing no new node, before paging stops with an error. */
export const MAX_IDLE_PAGES = 5;

/** A cursor as a value: the same cursor sent again as another object is still the same. */
function cursorKey(cursor: unknown): string {
  return typeof cursor === 'string' ? cursor : JSON.stringify(cursor);
}

/**
 * Every node of a connection, a page at a time: sends `document` with `after`
 * set to the last page's `endCursor` until `hasNextPage` is false, holding one
 * page at a time, and yields each page's nodes (nulls left out) as one array:
 * one await per page, not one per node, which is what bulk readers pay for.
 * A server that would keep paging forever is stopped with an
 * `UnexpectedResponseError`: when it claims more without a cursor, repeats a
 * cursor (compared by value), or claims more for {@link MAX_IDLE_PAGES} pages in
 * a row that bring no node the page before did not (empty pages, or the same
 * nodes again under fresh cursors).
 */
export async function* paginate<TData, TVariables extends Record<string, unknown> & { after?: string | null }, TNode>(
  client: Pick<ModelClient, 'request' | 'graphqlUrl'>,
  document: TypedDocument<TData, TVariables>,
  variables: TVariables,
  connectionOf: (data: TData) => Connection<TNode> | null | undefined,
  options: CallOptions & { what: string },
): AsyncGenerator<TNode[], void, undefined> {
  const seenCursors = new Set<string>();
  let previousIds = new Set<unknown>();
  let idle = 0;
  let after: string | null | undefined = variables.after;
  for (;;) {
    const data = await client.request(document, { ...variables, after }, options);
    const connection = connectionOf(data);
    if (!connection) return;
    const ids = new Set<unknown>();
    const nodes: TNode[] = [];
    let fresh = 0;
    for (const edge of connection.edges) {
      if (edge.node == null) continue;
      const id = (edge.node as { id?: unknown }).id;
      if (id === undefined || !previousIds.has(id)) fresh++;
      if (id !== undefined) ids.add(id);
      nodes.push(edge.node);
    }
    if (nodes.length > 0) yield nodes;
    const { hasNextPage, endCursor } = connection.pageInfo;
    if (!hasNextPage) return;
    idle = fresh > 0 ? 0 : idle + 1;
    const key = endCursor == null || endCursor === '' ? undefined : cursorKey(endCursor);
    const problem =
      key === undefined
        ? 'gave no cursor'
        : seenCursors.has(key)
          ? 'repeated a cursor'
          : idle >= MAX_IDLE_PAGES
            ? `sent ${idle} pages in a row with no new ${options.what}`
            : undefined;
    if (key === undefined || problem !== undefined) {
      const { operation } = await describeDocument(document);
      throw new UnexpectedResponseError(`the server said there are more ${options.what} but ${problem}; stopped paging`, { operation, url: client.graphqlUrl });
    }
    seenCursors.add(key);
    previousIds = ids;
    after = endCursor as string;
  }
}
