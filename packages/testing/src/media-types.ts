// GraphQL over HTTP media types (https://graphql.github.io/graphql-over-http/draft/):
// requests are application/json; responses are application/graphql-response+json
// when the client accepts it first, application/json otherwise.

/** The response media types the fake speaks. */
export type ResponseType = 'application/graphql-response+json' | 'application/json';

interface Range {
  type: string;
  q: number;
}

function ranges(accept: string): Range[] {
  return accept
    .split(',')
    .map((part) => {
      const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
      const q = params.find((p) => p.startsWith('q='));
      const weight = q === undefined ? 1 : Number(q.slice(2));
      return { type, q: Number.isFinite(weight) ? weight : 0 };
    })
    .filter((r) => r.type !== '' && r.q > 0);
}

/**
 * The media type of the answer to a request with this `Accept` header: the
 * client's most preferred one that the fake speaks. No header, or nothing the
 * fake speaks, gets application/json, as the specification asks of a server
 * that also serves clients from before application/graphql-response+json.
 */
export function responseType(accept: string | undefined): ResponseType {
  // A stable sort keeps the client's order among equal weights.
  for (const { type } of ranges(accept ?? '').sort((a, b) => b.q - a.q)) {
    if (type === 'application/graphql-response+json') return 'application/graphql-response+json';
    if (type === 'application/json' || type === 'application/*' || type === '*/*') return 'application/json';
  }
  return 'application/json';
}

/**
 * Why a request body of this `Content-Type` is refused (with 415), or
 * undefined when it is JSON in UTF-8 (an absent charset means UTF-8).
 */
export function unsupportedContentType(contentType: string | undefined): string | undefined {
  if (contentType === undefined || contentType.trim() === '') return 'a POST needs Content-Type: application/json';
  const [type = '', ...params] = contentType.split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return `the GraphQL endpoint reads application/json, not ${JSON.stringify(type)}`;
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/^"|"$/g, '');
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') return `the GraphQL endpoint reads UTF-8, not ${JSON.stringify(charset)}`;
  return undefined;
}
