// The ways benchmark 1 makes the same GetViewer call, shared with the
// profiling helper (investigations/per-call-profile.mjs) so that both measure the same code.
import { Api } from '@wandb-ts/users';
import { GetViewerDocument } from '@wandb-ts/users/graphql';
import { print } from 'graphql';
import { GraphQLClient } from 'graphql-request';

/** What a careful hand-written client sends: the SDK's auth and first-party headers. */
export function handWrittenHeaders(apiKey) {
  return {
    accept: 'application/graphql-response+json, application/json',
    'content-type': 'application/json',
    authorization: `Basic ${btoa(`api:${apiKey}`)}`,
    'use-admin-privileges': 'true',
    'user-agent': 'W&B Public Client (hand-written fetch)',
  };
}

/** Runs `send(signal)` with a 30 s timeout: an AbortController, a timer and the signal, as every SDK request has. */
async function withTimeout(send) {
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), 30_000);
  try {
    return await send(timeout.signal);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * api.viewer() and its baselines against the fake at `baseUrl`; each checks
 * its answer as a careful client would and returns the viewer.
 */
export function viewerCalls({ baseUrl, adminApiKey }) {
  const url = `${baseUrl}/graphql`;
  const api = new Api({ baseUrl, apiKey: adminApiKey, env: {} });
  const query = print(GetViewerDocument);
  const headers = handWrittenHeaders(adminApiKey);
  const body = JSON.stringify({ query, variables: {}, operationName: 'GetViewer' });
  const viewerOf = (data, who) => {
    if (!data?.viewer?.id) throw new Error(`${who}: GetViewer returned no viewer`);
    return data.viewer;
  };
  const fetchViewer = async (signal) => {
    const response = await fetch(url, { method: 'POST', headers, body, signal });
    const json = await response.json();
    if (!response.ok || json.errors) throw new Error(`fetch: GetViewer failed with HTTP ${response.status}`);
    return viewerOf(json.data, 'fetch');
  };
  // graphql-request as a careful user would call it: one client, the query as
  // a string, excludeOperationName so it does not parse the query on every call.
  const client = new GraphQLClient(url, { headers, excludeOperationName: true });
  // The same, letting graphql-request find the operation name (W&B logs requests by it):
  // it then parses the query string with graphql-js on every call.
  const naming = new GraphQLClient(url, { headers });
  return {
    async sdk() {
      const me = await api.viewer();
      if (!me.id) throw new Error('api.viewer() returned no id');
      return me;
    },
    raw: () => fetchViewer(undefined),
    rawWithTimeout: () => withTimeout(fetchViewer),
    graphqlRequest: async () => viewerOf(await client.request(query), 'graphql-request'),
    graphqlRequestWithTimeout: () => withTimeout(async (signal) => viewerOf(await client.request({ document: query, signal }), 'graphql-request')),
    graphqlRequestNaming: () => withTimeout(async (signal) => viewerOf(await naming.request({ document: query, signal }), 'graphql-request')),
  };
}
