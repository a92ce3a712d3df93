import { applyChange, isRefusal } from './change.js';
import { errorOfResult } from './classify-lazy.js';
import { isAmbiguous, NotFoundError, WandbError } from './errors.js';
import {
  CreateInviteDocument,
  CreateServiceAccountDocument,
  type CreateServiceAccountMutation,
  DeleteTeamDocument,
  type MemberFragment,
} from './generated/operations.js';
import type { ModelClient } from './model-client.js';
import { describeName } from './redact.js';
import { fetchTeamEntity, type TeamEntity } from './team-entity.js';
import type { CallOptions, ChangeOptions, GraphQLResult } from './transport.js';
import type { Invitee } from './validate-teams.js';

// What Team does (team.ts holds the class): loaded with the first team call.

/** What the operations need of a Team: its name, and its members as it reloads them. */
interface LoadedTeam<M extends TeamMember = TeamMember> {
  readonly name: string;
  readonly members: readonly M[];
  reload(options?: CallOptions): Promise<void>;
}

/** What the operations read of a Member. */
interface TeamMember extends Pick<MemberFragment, 'username' | 'email'> {
  readonly id: string;
  readonly role: string;
  revealApiKey(): string | null;
}

/** `team.reload`: the team's entity now; `NotFoundError` when no team has the name any more. */
export async function fetchTeam(client: ModelClient, name: string, options?: CallOptions): Promise<TeamEntity> {
  const entity = await fetchTeamEntity(client, name, options);
  if (!entity?.isTeam) throw new NotFoundError(`there is no team named ${describeName(name)} any more`, { operation: 'GetTeamEntity', url: client.graphqlUrl });
  return entity;
}

/** `team.delete` (see there): done when the name no longer finds a team. */
export function deleteTeam(client: ModelClient, name: string, options?: ChangeOptions): Promise<boolean> {
  return applyChange({
    url: client.graphqlUrl,
    operation: 'DeleteTeam',
    send: () => client.execute(DeleteTeamDocument, { teamName: name }, options),
    throwOnRefusal: options?.throwOnRefusal,
    applied: (data) => data?.deleteTeam?.success === true,
    holds: async () => (await fetchTeamEntity(client, name, options))?.isTeam !== true,
  });
}

/** `team.invite` (see there), with its input checked. */
export async function invite(team: LoadedTeam, client: ModelClient, invitee: Invitee, role: string | undefined, options?: ChangeOptions): Promise<boolean> {
  const isInvitee = (m: TeamMember) => ('email' in invitee ? m.email?.toLowerCase() === invitee.email.toLowerCase() : m.username === invitee.username);
  return applyChange({
    url: client.graphqlUrl,
    operation: 'CreateInvite',
    // `role` alone, never the deprecated `admin` flag derived from it: the flag
    // cannot say viewer or a custom role (admin: false would read as member,
    // more rights than a viewer has), and a server too old to know `role`
    // refuses the document whatever else it carries.
    send: () => client.execute(CreateInviteDocument, { entity: team.name, ...invitee, role: role ?? null }, options),
    throwOnRefusal: options?.throwOnRefusal,
    applied: (data) => Boolean(data?.createInvite?.invite),
    holds: async () => {
      await team.reload(options);
      const listed = team.members.find(isInvitee);
      return listed !== undefined && (role === undefined || listed.role === role);
    },
  });
}

/** `team.createServiceAccount` (see there), with its input checked. */
export async function createServiceAccount<M extends TeamMember>(
  team: LoadedTeam<M>,
  client: ModelClient,
  description: string,
  options?: ChangeOptions,
): Promise<{ readonly member: M; readonly apiKey: string } | null> {
  let result: GraphQLResult<CreateServiceAccountMutation>;
  try {
    result = await client.execute(CreateServiceAccountDocument, { entity: team.name, description }, options);
  } catch (error) {
    if (!(error instanceof WandbError)) throw error;
    if (isAmbiguous(error)) return unknownOutcome(team, options);
    if (isRefusal(error) && !options?.throwOnRefusal) return null;
    throw error;
  }
  // An ID in the payload proves the account exists, whatever errors came with it.
  const id = result.data?.createServiceAccount?.user?.id;
  if (id === undefined) {
    if (result.errors.length === 0) return unknownOutcome(team, options);
    const refusal = await errorOfResult(result, 'CreateServiceAccount', client.graphqlUrl);
    if (isRefusal(refusal) && !options?.throwOnRefusal) return null;
    throw refusal;
  }
  if (!(await catchUp(team, options))) return null;
  const member = team.members.find((m) => m.id === id);
  const apiKey = member?.revealApiKey();
  if (!member || !apiKey) return null;
  return new NewServiceAccount(member, apiKey);
}

/**
 * What createServiceAccount returns: the key behind a getter over a private
 * field, so that printing the result (`console.log`, `JSON.stringify`,
 * `util.inspect`, even with `showHidden`) shows the member and not the key.
 */
class NewServiceAccount<M> {
  readonly #apiKey: string;
  constructor(
    readonly member: M,
    apiKey: string,
  ) {
    this.#apiKey = apiKey;
  }
  get apiKey(): string {
    return this.#apiKey;
  }
}

/** After an unknown outcome: null, with the member list reloaded (when it can be) to show what was made. */
async function unknownOutcome(team: LoadedTeam, options?: CallOptions): Promise<null> {
  await catchUp(team, options);
  return null;
}

/** Reloads the team to catch up with a change; false (the members as they were) when that fails. */
async function catchUp(team: LoadedTeam, options?: CallOptions): Promise<boolean> {
  try {
    await team.reload(options);
    return true;
  } catch (error) {
    if (error instanceof WandbError) return false;
    throw error;
  }
}
