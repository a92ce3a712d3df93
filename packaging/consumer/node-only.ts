// Type-checked by the registry round-trip with `lib: ["ES2023"]` and no DOM
// library: the published declarations of @wandb-ts/* must need nothing beyond
// @types/node. (consumer.ts needs the DOM library because graphql-request's
// declarations name DOM types such as HeadersInit.)
import { type FakeWandb, startFakeWandb } from '@wandb-ts/testing';
import { Api, type ApiOptions, type CallOptions, type User, WandbError } from '@wandb-ts/users';
import { GetViewerDocument, type GetViewerQuery } from '@wandb-ts/users/graphql';

export async function viewerOf(fake: FakeWandb, options: CallOptions = {}): Promise<User> {
  const settings: ApiOptions = { baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, fetch: globalThis.fetch };
  const api = new Api(settings);
  const data: GetViewerQuery = await api.request(GetViewerDocument, {}, options);
  if (!data.viewer) throw new WandbError('no viewer');
  return api.viewer(options);
}

export const start: typeof startFakeWandb = startFakeWandb;
