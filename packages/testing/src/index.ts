export { startFakeWandb } from './server.js';
export type { AddedUser, AddUserInput, FakeUserSnapshot, FakeWandb, IssuedApiKey, StartFakeWandbOptions } from './server.js';
export type { RequestLogEntry } from './http.js';
export type { FakeErrorCode } from './resolvers.js';
export { apiKeyFixture, teamFixture, userFixture } from './fixtures.js';
export type { ApiKeyFixture, TeamFixture, UserFixture } from './fixtures.js';
export { loadWandbSchema, WANDB_SCHEMA_PATH } from './schema.js';
