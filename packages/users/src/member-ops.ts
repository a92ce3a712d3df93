import { applyChange } from './change.js';
import { DeleteInviteDocument, type MemberFragment, UpdateMemberDocument } from './generated/operations.js';
import type { ModelClient } from './model-client.js';
import { fetchTeamEntity } from './team-entity.js';
import type { CallOptions, ChangeOptions } from './transport.js';

// What Member does (member.ts holds the class): loaded with the first member call.

/** The member with this ID as `team` lists it now; undefined when it is not listed (or the team is gone). */
async function listed(client: ModelClient, team: string, id: string, options?: CallOptions): Promise<MemberFragment | undefined> {
  const entity = await fetchTeamEntity(client, team, options);
  return entity?.members.find((m) => m.id === id);
}

/** `member.delete` (see there). */
export function deleteMember(client: ModelClient, team: string, id: string, options?: ChangeOptions): Promise<boolean> {
  return applyChange({
    url: client.graphqlUrl,
    operation: 'DeleteInvite',
    send: () => client.execute(DeleteInviteDocument, { id, entity: team }, options),
    throwOnRefusal: options?.throwOnRefusal,
    applied: (data) => data?.deleteInvite?.success === true,
    holds: async () => (await listed(client, team, id, options)) === undefined,
  });
}

/** `member.setRole` (see there), with its input checked; `take` receives the member as the server has it after the change. */
export async function setMemberRole(
  client: ModelClient,
  team: string,
  id: string,
  wanted: string,
  options: ChangeOptions | undefined,
  take: (attrs: MemberFragment) => void,
): Promise<boolean> {
  return applyChange({
    url: client.graphqlUrl,
    operation: 'UpdateMember',
    send: () => client.execute(UpdateMemberDocument, { entity: team, user: id, role: wanted }, options),
    throwOnRefusal: options?.throwOnRefusal,
    applied: (data) => {
      const member = data?.updateMember?.member;
      if (member) take(member);
      return member !== undefined;
    },
    holds: async () => {
      const now = await listed(client, team, id, options);
      if (now?.role !== wanted) return false;
      take(now);
      return true;
    },
  });
}
