/**
 * A fake W&B GraphQL server for tests: {@link startFakeWandb} starts a real HTTP
 * server on 127.0.0.1 that executes the W&B schema snapshot against in-memory
 * state and behaves like W&B for user management (users, API keys, teams with
 * roles and invitations, service accounts, deactivation, organizations with
 * roles, seats and invitations, and who may do what), plus builders for seed
 * data ({@link userFixture}, {@link teamFixture}, {@link organizationFixture},
 * {@link apiKeyFixture}).
 *
 * @module @wandb-ts/testing
 */
export { allIssuedSecrets, startFakeWandb } from './server.js';
export type {
  AddedServiceAccount,
  AddedUser,
  AddUserInput,
  Deployment,
  FakeOrganizationInviteSnapshot,
  FakeOrganizationMemberSnapshot,
  FakeOrganizationSnapshot,
  FakeTeamMemberSnapshot,
  FakeTeamSnapshot,
  FakeUserSnapshot,
  FakeWandb,
  IssuedApiKey,
  StartFakeWandbOptions,
} from './server.js';
export type { RequestLogEntry } from './http.js';
export { implementedFields } from './resolvers.js';
export { WANDB_STATUS } from './error-codes.js';
export type { FakeErrorCode, RefusalStatus } from './error-codes.js';
export { apiKeyFixture, organizationFixture, teamFixture, userFixture } from './fixtures.js';
export type { ApiKeyFixture, OrganizationFixture, OrganizationMemberFixture, TeamFixture, TeamMemberFixture, UserFixture } from './fixtures.js';
export { loadWandbSchema, WANDB_SCHEMA_PATH } from './schema.js';
export type { FaultAction, FaultSpec, InstalledFault } from './faults.js';
