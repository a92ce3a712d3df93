import { type AddedUser, type FakeWandb, startFakeWandb, type StartFakeWandbOptions } from '../src';
import { post } from './helpers';

export { refusal } from './helpers';

/** A fake with team `ml`: ann its admin, bob a member, vic a viewer; eve belongs to no team. */
export interface TeamWorld {
  fake: FakeWandb;
  ann: AddedUser;
  bob: AddedUser;
  vic: AddedUser;
  eve: AddedUser;
}

export async function startTeamWorld(options: StartFakeWandbOptions = {}): Promise<TeamWorld> {
  const fake = await startFakeWandb(options);
  const [ann, bob, vic, eve] = ['ann', 'bob', 'vic', 'eve'].map((name) =>
    fake.addUser({ email: `${name}@example.com`, username: name, name: name.toUpperCase() }),
  ) as [AddedUser, AddedUser, AddedUser, AddedUser];
  fake.addTeam({
    name: 'ml',
    members: [
      { username: 'ann', role: 'admin' },
      { username: 'bob', role: 'member' },
      { email: 'vic@example.com', role: 'viewer' },
    ],
  });
  return { fake, ann, bob, vic, eve };
}

/** Headers of a client that is not W&B's own SDK: admin rights are not applied (RELOGIN_REQUIRED). */
export const NO_HEADERS = { 'user-agent': 'curl/8.0' };

export const MEMBERS = 'query Members($name: String!) { entity(name: $name) { members { id role admin pending email username name accountType apiKey } } }';
export const INVITE =
  'mutation Invite($entity: String!, $email: String, $username: String, $role: String, $admin: Boolean) { createInvite(input: { entityName: $entity, email: $email, username: $username, role: $role, admin: $admin }) { invite { id email toUser { username } } } }';
export const DELETE_INVITE = 'mutation Remove($id: String, $entity: String) { deleteInvite(input: { id: $id, entityName: $entity }) { success } }';
export const UPDATE_MEMBER =
  'mutation Role($entity: String!, $user: ID!, $role: String, $admin: Boolean) { updateMember(input: { entityName: $entity, user: $user, role: $role, admin: $admin }) { member { id role admin pending } } }';
export const CREATE_SERVICE_ACCOUNT =
  'mutation Sa($entity: String, $description: String) { createServiceAccount(input: { entityName: $entity, description: $description }) { user { id username name email accountType } } }';

/** The members of `team` as `apiKey` sees them, failing the test on any GraphQL error. */
export async function members(fake: FakeWandb, apiKey: string, team: string): Promise<any[]> {
  const answer = await post(fake, apiKey, MEMBERS, { name: team });
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data.entity.members;
}
