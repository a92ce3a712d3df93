import { type FakeErrorCode, type FakeWandb, WANDB_STATUS } from '../src';

/** Headers W&B's own SDK sends; the fake, like W&B, hides admin operations from clients without them. */
export const FIRST_PARTY = { 'user-agent': 'W&B Public Client 0.19.0', 'use-admin-privileges': 'true' };

export function basic(apiKey: string): string {
  return `Basic ${Buffer.from(`api:${apiKey}`).toString('base64')}`;
}

export interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** POSTs a GraphQL request to the fake over real HTTP. */
export async function post(
  fake: FakeWandb,
  apiKey: string | undefined,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = FIRST_PARTY,
): Promise<Answer> {
  const response = await fetch(`${fake.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey === undefined ? {} : { authorization: basic(apiKey) }), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

export function codes(answer: Answer): string[] {
  return (answer.body.errors ?? []).map((e: any) => e.extensions?.code ?? e.message);
}

/** The single error code of a refused operation's answer, which must come with W&B's HTTP status for that code. */
export function refusal(answer: Answer): string {
  const found = codes(answer);
  expect(found).toHaveLength(1);
  const code = found[0] as FakeErrorCode;
  expect({ code, status: answer.status }).toEqual({ code, status: WANDB_STATUS[code] });
  return code;
}
