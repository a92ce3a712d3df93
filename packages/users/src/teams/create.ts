import { errorOfResult } from '../errors/classify.js';
import { isAmbiguous } from '../errors/outcome.js';
import { ConflictError } from '../errors/refusals.js';
import { UnexpectedResponseError } from '../errors/response-errors.js';
import type { WandbError } from '../errors/wandb-error.js';
import { CreateTeamDocument } from '../generated/operations.js';
import type { ModelClient } from '../transport/model-client.js';
import { describeName } from '../errors/redact.js';
import { fetchTeamEntity, type TeamEntity } from './entity.js';
import type { CallOptions, Logger } from '../transport/transport.js';

/** Create attempts after ambiguous failures, each preceded by a look for the team. */
const MAX_CREATE_ROUNDS = 3;
const OPERATION = 'CreateTeam';

/**
 * `api.createTeam`, with its input checked: creates the team and returns it
 * as GetTeamEntity loads it, members included.
 *
 * Never creates two: after a failure that leaves it unknown whether the
 * server made the team (a reset, a timeout, a 502), the name is looked up
 * first. A team with it whose admins include the one asked for is the one
 * this call made (returned); a team without them, or a user's personal
 * entity (team and user names share one namespace on W&B), took the name
 * meanwhile (`ConflictError`); nothing with the name: the create is sent
 * again, at most three rounds. W&B refuses a taken name, so a slow first
 * request that lands late cannot make a second team either.
 */
export async function createTeamEntity(
  client: ModelClient,
  teamName: string,
  admin: string | undefined,
  options?: CallOptions,
  logger?: Logger,
): Promise<TeamEntity> {
  const details = { operation: OPERATION, url: client.graphqlUrl };

  const create = async (): Promise<void> => {
    const result = await client.execute(CreateTeamDocument, { teamName, teamAdminUserName: admin ?? null }, options);
    // An entity in the payload exists, whatever errors came with it (they go to the debug log).
    if (result.data?.createTeam?.entity) {
      if (result.errors.length > 0) logger?.debug(`${OPERATION}: created, with errors`, { operation: OPERATION, errors: result.errors.map((e) => e.message) });
      return;
    }
    if (result.errors.length > 0) throw errorOfResult(result, OPERATION, client.graphqlUrl);
    throw new UnexpectedResponseError('the server created no team and gave no error', { ...details, status: result.status });
  };

  /** Whether `entity`, found after an unknown outcome, is the team this call asked for: the admin asked for is one of its admins. */
  const isOurs = async (entity: TeamEntity): Promise<boolean> => {
    if (!entity.isTeam) return false;
    const viewer = admin === undefined ? await client.viewerId(options) : undefined;
    return entity.members.some((m) => (m.role === 'admin' || m.admin === true) && (admin === undefined ? m.id === viewer : m.username === admin));
  };

  for (let round = 1; ; round++) {
    try {
      await create();
      break;
    } catch (error) {
      // A conflict after a resend may be the earlier request, landed late.
      const recoverable = isAmbiguous(error) || (round > 1 && error instanceof ConflictError);
      if (!recoverable) throw error;
      let found: TeamEntity | null;
      let ours: boolean;
      try {
        found = await fetchTeamEntity(client, teamName, options);
        ours = found !== null && (await isOurs(found));
      } catch {
        // Cannot tell whether the team exists: say so rather than guess.
        throw error;
      }
      if (ours && found !== null) return found;
      if (found) {
        const holder = found.isTeam ? 'a team with other admins' : "a user's personal entity";
        throw new ConflictError(`the name ${describeName(teamName)} is taken by ${holder}; this request did not create it`, details);
      }
      if (round >= MAX_CREATE_ROUNDS) throw error;
      logger?.debug(`${OPERATION}: outcome unknown (${(error as WandbError).name}) and no team has the name; sending again`, { operation: OPERATION });
    }
  }
  const entity = await fetchTeamEntity(client, teamName, options);
  if (!entity?.isTeam)
    throw new UnexpectedResponseError(`the server said it created team ${describeName(teamName)}, then did not list it`, {
      operation: 'GetTeamEntity',
      url: client.graphqlUrl,
    });
  return entity;
}
