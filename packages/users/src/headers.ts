import { checkApiKey } from './validate.js';
import { VERSION } from './version.js';

/**
 * The User-Agent this SDK sends. W&B's backend serves admin operations and
 * first-party fields (such as `User.apiKeys`) only to clients that identify as
 * W&B's own SDK, with a User-Agent starting `W&B Public Client`, and that ask
 * for admin privileges; anything else gets "relogin required". So we send
 * both, and name ourselves after the required prefix.
 */
export const USER_AGENT = `W&B Public Client (@wandb-ts/users ${VERSION})`;

/**
 * The HTTP headers a W&B GraphQL request needs, for any GraphQL client
 * (graphql-request, urql, Apollo, fetch): `authorization` (HTTP Basic with
 * user `api` and the key as password, as W&B's SDKs send it),
 * `use-admin-privileges: true` and a `W&B Public Client` `user-agent`.
 * The result holds the key (base64-encoded, which hides nothing): never log it.
 * Throws `ValidationError` for a key that cannot go into a header.
 */
export function wandbHeaders(apiKey: string): Record<string, string> {
  const key = checkApiKey(apiKey, 'apiKey');
  // btoa, not Buffer: the key is printable ASCII, and this also runs in browsers.
  return { authorization: `Basic ${btoa(`api:${key}`)}`, 'use-admin-privileges': 'true', 'user-agent': USER_AGENT };
}
