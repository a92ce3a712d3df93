// One `sync plan` in a fresh process (run with --expose-gc), so its memory is
// its own: reads the file, the server's state (every user, the declared teams)
// and plans, as the CLI does, holding all three; answers with the heap still
// used after a full GC, minus what was used before (the code loaded by a
// first, small read). Gets its orders over IPC: the key never goes on a
// command line.
import { readFileSync } from 'node:fs';
import { parseDesiredState, plan, readCurrentState, readScopeFor, syncClientFor } from '@wandb-ts/cli/sync';
import { Api } from '@wandb-ts/users';

const { baseUrl, apiKey, file } = await new Promise((resolve) => process.once('message', resolve));
const api = new Api({ baseUrl, apiKey, env: {} });
const client = syncClientFor(api);
// Every module this loads, loaded before the baseline: a plan of a one-team file.
const warm = parseDesiredState('teams: { team-0: {} }\nusers:\n  - email: warm@example.com\n', 'warm.yaml', 'yaml');
plan(warm, await readCurrentState(client, readScopeFor(warm, {})), { server: baseUrl });
globalThis.gc();
const before = process.memoryUsage().heapUsed;

const desired = parseDesiredState(readFileSync(file, 'utf8'), file, 'yaml');
const state = await readCurrentState(client, readScopeFor(desired, {}));
const planned = plan(desired, state, { server: baseUrl });
globalThis.gc();
const retained = process.memoryUsage().heapUsed - before;
process.send({ retained, users: state.users.length, listed: desired.users.length, teams: state.teams.size, actions: planned.actions.length });
process.disconnect();
