// A consumer of the published packages, written as a stranger would write it.
// The registry round-trip (packaging/scripts/registry-roundtrip.mjs) installs
// @wandb-ts/* from a local registry into a fresh project, type-checks this file
// under `strict`, then runs it as an ES module and as CommonJS against the fake
// W&B server and compares what it prints with what it must print.
import { startFakeWandb, userFixture } from '@wandb-ts/testing';
import { Api, ConflictError, resolveCredentials, User, VERSION, WandbError, wandbHeaders } from '@wandb-ts/users';
import { GetViewerDocument, type GetViewerQuery, SearchUsersDocument, type SearchUsersQueryVariables } from '@wandb-ts/users/graphql';
import { GraphQLClient } from 'graphql-request';

async function main(): Promise<void> {
  const fake = await startFakeWandb({ users: [userFixture({ username: 'ann', teams: ['vision'] })] });
  try {
    const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey, env: {} });
    const me: User = await api.viewer();
    console.log(`viewer: ${me.username} (admin: ${String(me.admin)})`);

    const ann = await api.user('ann');
    console.log(`ann: ${ann?.email ?? 'not found'}, teams: ${ann?.teams.join(', ') ?? ''}`);

    const hire = await User.create(api, 'new.hire@example.com');
    console.log(`created: ${String(hire)}`);
    try {
      await api.createUser('new.hire@example.com');
      console.log('again: accepted');
    } catch (error) {
      // instanceof must hold across the package boundary, in both module systems.
      console.log(
        `again: ${error instanceof ConflictError && error instanceof WandbError ? `${error.name} (${error.operation})` : `unexpected ${String(error)}`}`,
      );
    }

    const secret = await me.generateApiKey('round-trip');
    console.log(`new key: ${secret === null ? 'refused' : `${secret.length} characters`}; keys listed: ${me.apiKeys.length}`);

    // The typed documents with a plain graphql-request client, no Api, as the users README shows
    // (a static import of graphql-request, also from CommonJS under module: nodenext).
    const { baseUrl, apiKey } = resolveCredentials({ env: { WANDB_BASE_URL: fake.baseUrl, WANDB_API_KEY: fake.adminApiKey } });
    const client = new GraphQLClient(`${baseUrl}/graphql`, { headers: wandbHeaders(apiKey) });
    const viewer: GetViewerQuery = await client.request(GetViewerDocument);
    console.log(`graphql-request viewer: ${viewer.viewer?.username ?? 'none'}`);
    const variables: SearchUsersQueryVariables = { query: 'example.com', first: 10 };
    const found = await client.request(SearchUsersDocument, variables);
    console.log(`graphql-request search: ${(found.users?.edges ?? []).map((edge) => edge.node?.username ?? '?').join(', ')}`);

    console.log(`@wandb-ts/users ${VERSION} as ${typeof module === 'undefined' ? 'an ES module' : 'CommonJS'}`);
  } finally {
    await fake.close();
  }
}

// Never called: each line must be a type error, or the published types are too
// loose (an `any` would make every @ts-expect-error here "unused", which fails).
export function typesAreStrict(api: Api, user: User, client: GraphQLClient): void {
  // @ts-expect-error pageSize is a number
  void api.users('x', { pageSize: '10' });
  // @ts-expect-error admin is boolean | null
  const admin: boolean = user.admin;
  // @ts-expect-error SearchUsers has no variable `email`
  void client.request(SearchUsersDocument, { email: 'x' });
  // @ts-expect-error the viewer may be null
  void client.request(GetViewerDocument).then((data) => data.viewer.username);
  void admin;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
