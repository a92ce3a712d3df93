// Never run: type-checked by `npm run typecheck` (tsc). Each `@ts-expect-error`
// below marks a misuse the generated types must reject; the TSxxxx after it is
// the error it must be, which test/misuse.test.ts proves by checking a copy of
// this file without the directives. If the types loosened (an `any` crept in,
// a variable became optional), a directive would be unused, and tsc fails on that.
import type { Api } from '@wandb-ts/users';
import { provisionUser } from '../src';
import { ProvisionUserDocument, UserAuditDocument } from '../src/generated/graphql.js';

export async function variables(api: Api): Promise<void> {
  // @ts-expect-error TS2353 UserAudit has no variable `email`
  await api.request(UserAuditDocument, { email: 'ann@example.com' });
  // @ts-expect-error TS2322 `first` is an Int, not a string
  await api.request(UserAuditDocument, { first: '10' });
  // @ts-expect-error TS2741 ProvisionUser needs `email`
  await api.execute(ProvisionUserDocument, { accountType: 'SERVICE' });
  // @ts-expect-error TS2345 the account types this package creates are USER and SERVICE
  await provisionUser(api, 'x@example.com', 'ADMIN');
}

export async function results(api: Api): Promise<void> {
  const { users } = await api.request(UserAuditDocument, { query: 'ann' });
  // @ts-expect-error TS18047 `users` is null when the server has none to give
  void users.edges;
  const user = users?.edges[0]?.node;
  // @ts-expect-error TS2339 the query does not select `apiKeys`
  void user?.apiKeys;
  // @ts-expect-error TS2322 `createdAt` arrives as an ISO 8601 string, not a Date
  const created: Date | undefined = user?.createdAt;
  void created;
  const answer = await api.execute(ProvisionUserDocument, { email: 'x@example.com' });
  // @ts-expect-error TS18049 `data` is absent when the request failed as a whole
  void answer.data.createUser;
}
