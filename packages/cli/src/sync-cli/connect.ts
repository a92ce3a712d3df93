import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import type { SyncClient } from '../sync/client.js';

/**
 * The client `wandb-users sync` talks to W&B through: the SDK's Api, adapted
 * to sync's port (sync/client.ts).
 *
 * STAGE 2 (issue 14) fills this in, and only this: the port needs the team and
 * lifecycle methods of issue 13 (`api.team`, `api.createTeam`, `team.invite`,
 * `member.setRole`, `member.delete`, `user.deactivate`, `user.reactivate`,
 * `user.setAdmin`), which @wandb-ts/users does not have yet. Until then the
 * sync commands read and check their file, and refuse to go further, rather
 * than talk to the server half-way.
 */
export function connectSyncClient(_ctx: Context): SyncClient {
  throw new CliError(
    'wandb-users sync needs the team and user-lifecycle operations of @wandb-ts/users, which this build does not have yet',
    EXIT.ENVIRONMENT,
    'The file was read and checked; nothing was sent.',
  );
}
