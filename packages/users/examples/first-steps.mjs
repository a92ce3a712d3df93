import { Api } from '@wandb-ts/users';

const api = new Api(); // WANDB_API_KEY or ~/.netrc; WANDB_BASE_URL or https://api.wandb.ai
const me = await api.viewer();
console.log(String(me), me.apiKeys, me.teams);
const secret = await me.generateApiKey('ci'); // the secret, shown once: store it, never log it
console.log(secret === null ? 'no key made' : 'new key made');
