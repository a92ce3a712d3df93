// The typed documents with graphql-request, without an Api. wandbHeaders()
// gives the headers W&B wants: the key as HTTP Basic auth, a `W&B Public
// Client` User-Agent and `use-admin-privileges`, without which W&B answers
// "relogin required".
import { GraphQLClient } from 'graphql-request';
import { resolveCredentials, wandbHeaders } from '@wandb-ts/users';
import { GetViewerDocument, SearchUsersDocument } from '@wandb-ts/users/graphql';

const { baseUrl, apiKey } = resolveCredentials(); // found as new Api() finds them
const client = new GraphQLClient(`${baseUrl}/graphql`, { headers: wandbHeaders(apiKey) });

const { viewer } = await client.request(GetViewerDocument); // typed: GetViewerQuery
console.log(`viewer: ${viewer?.username}`);
const { users } = await client.request(SearchUsersDocument, { query: 'example.com', first: 10 });
console.log(`users: ${users?.edges.map((edge) => edge.node?.username).join(', ')}`);
