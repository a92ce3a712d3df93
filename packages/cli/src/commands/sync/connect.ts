import type { Context } from '../../context.js';
import type { SyncClient } from '../../sync/client.js';
import { syncClientFor } from '../../sync/sdk-client.js';

/**
 * The client `wandb-users sync` talks to W&B through: the invocation's Api
 * (its key, server, --timeout and the SDK's retry rules), adapted to sync's
 * port. Tests give `runWith` another one.
 */
export function connectSyncClient(ctx: Context): SyncClient {
  return syncClientFor(ctx.api());
}
