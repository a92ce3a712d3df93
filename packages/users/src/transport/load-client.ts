/** The module that sends: graphql-request, and the parts of graphql-js it imports. */
export type ClientModule = typeof import('./graphql-client.js');

let loaded: ClientModule | undefined;
let loading: Promise<ClientModule> | undefined;

/**
 * The SDK's one lazy boundary: graphql-request (graphql-client.ts) and
 * graphql-js, loaded with the first request rather than with the SDK.
 * graphql-js is about 130 modules, over 100 ms of CPU on a small machine,
 * which programs that construct an Api and never send (a CLI printing its
 * help, a test of argument checks) should not pay for, and which browser
 * bundlers can then put in a chunk of its own. Everything else in the SDK is
 * imported normally. Synchronous once loaded; a failed load is not
 * remembered, so a later call tries again.
 */
export function loadClient(): ClientModule | Promise<ClientModule> {
  if (loaded) return loaded;
  loading ??= import('./graphql-client.js').then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
