import { GetTeamEntityDocument, type GetTeamEntityQuery } from '../generated/operations.js';
import type { ModelClient } from '../transport/model-client.js';
import type { CallOptions } from '../transport/transport.js';

/** A W&B entity as GetTeamEntity selects it: a team, or a user's personal entity (`isTeam` false). */
export type TeamEntity = NonNullable<GetTeamEntityQuery['entity']>;

/**
 * The entity named `name` with its members, or null when no entity has the
 * name. Shared by the Team, its Members (to read the state after an unknown
 * outcome) and team creation, so that none of them imports another.
 */
export async function fetchTeamEntity(client: Pick<ModelClient, 'request'>, name: string, options?: CallOptions): Promise<TeamEntity | null> {
  const data = await client.request(GetTeamEntityDocument, { name }, options);
  return data.entity;
}
