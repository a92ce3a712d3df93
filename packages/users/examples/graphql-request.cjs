// The same from CommonJS. graphql-request ships ES-module type declarations
// only, so TypeScript compiling CommonJS under `module: node16` refuses a
// static import of it (TS1479); import() works under every setting.
const { resolveCredentials, wandbHeaders } = require('@wandb-ts/users');
const { GetViewerDocument } = require('@wandb-ts/users/graphql');

async function main() {
  const { GraphQLClient } = await import('graphql-request');
  const { baseUrl, apiKey } = resolveCredentials();
  const client = new GraphQLClient(`${baseUrl}/graphql`, { headers: wandbHeaders(apiKey) });
  const { viewer } = await client.request(GetViewerDocument);
  console.log(`viewer: ${viewer?.username}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
