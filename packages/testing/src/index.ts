export { allIssuedSecrets, startFakeWandb } from './server';
export type { AddedUser, AddUserInput, FakeUserSnapshot, FakeWandb, IssuedApiKey, StartFakeWandbOptions } from './server';
export type { RequestLogEntry } from './http';
export type { FakeErrorCode } from './resolvers';
export { apiKeyFixture, teamFixture, userFixture } from './fixtures';
export type { ApiKeyFixture, TeamFixture, UserFixture } from './fixtures';
export { loadWandbSchema, WANDB_SCHEMA_PATH } from './schema';
export type { FaultAction, FaultSpec, InstalledFault } from './faults';
