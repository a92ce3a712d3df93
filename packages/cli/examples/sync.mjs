// The engine of `wandb-users sync` from code: people.yaml made true on the
// server that WANDB_BASE_URL and WANDB_API_KEY (an instance admin's) point at.
import { readFileSync } from 'node:fs';
import { applyPlan, describeAction, parseDesiredState, plan, readCurrentState, readScopeFor, syncClientFor } from '@wandb-ts/cli/sync';
import { Api } from '@wandb-ts/users';

const api = new Api();
const client = syncClientFor(api);
const desired = parseDesiredState(readFileSync(new URL('people.yaml', import.meta.url), 'utf8'), 'people.yaml', 'yaml');
const state = await readCurrentState(client, readScopeFor(desired, { prune: false }));
const planned = plan(desired, state, { server: api.baseUrl });
const { results } = await applyPlan(planned, client, { concurrency: 4 });
// Quoted with JSON.stringify: addresses and reasons come from the file and the server, not to be printed raw.
for (const { action, status, reason } of results) {
  console.log(`${status} ${JSON.stringify(describeAction(action))}${reason === undefined ? '' : `: ${JSON.stringify(reason)}`}`);
}
console.log(`${results.length} action(s)`);
