import { checkApiKey } from '../validation/validate.js';
import { VERSION } from '../version.js';

/**
 * The User-Agent this SDK sends. W&B's backend serves admin operations and
 * first-party fields (such as `User.apiKeys`) only to clients that identify as
 * W&B's own SDK, with a User-Agent starting `W&B Public Client`, and that ask
 * for admin privileges; anything else gets "relogin required". So we send
 * both, and name ourselves after the required prefix.
 */
export const USER_AGENT = `W&B Public Client (@wandb-ts/users ${VERSION})`;

/**
 * What the authorization header carries for a key, `api:KEY` in base64: as
 * secret as the key itself, so redaction looks for it too.
 */
export function encodedCredentials(apiKey: string): string {
  // btoa, not Buffer: the key is printable ASCII, and this also runs in browsers.
  return btoa(`api:${apiKey}`);
}

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
  return { authorization: `Basic ${encodedCredentials(key)}`, 'use-admin-privileges': 'true', 'user-agent': USER_AGENT };
}
