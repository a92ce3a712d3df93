// Type-checked by the registry round-trip under `module: node16`, as a
// CommonJS project (and an ES-module one) of that setting: graphql-request's
// declarations are ES-module only, so a CommonJS file cannot import it
// statically there (TS1479); import(), as the users README shows, works.
import { resolveCredentials, wandbHeaders } from '@wandb-ts/users';
import { GetViewerDocument } from '@wandb-ts/users/graphql';

export async function viewerName(): Promise<string | undefined> {
  const { GraphQLClient } = await import('graphql-request');
  const { baseUrl, apiKey } = resolveCredentials();
  const client = new GraphQLClient(`${baseUrl}/graphql`, { headers: wandbHeaders(apiKey) });
  const { viewer } = await client.request(GetViewerDocument);
  return viewer?.username ?? undefined;
}
