import { Api, ConflictError } from '@wandb-ts/users';

// apiKey: WANDB_API_KEY, then ~/.netrc (what `wandb login` writes).
// baseUrl: WANDB_BASE_URL, then https://api.wandb.ai.
const api = new Api();

const me = await api.viewer();
console.log(String(me), me.apiKeys, me.teams); // key *names*, never secrets

const secret = await me.generateApiKey('ci'); // the secret, shown once: store it, never log it
console.log(secret === null ? 'no key made' : `a new ${secret.length}-character key`);
const ci = me.apiKeyDetails.find((key) => key.description === 'ci');
if (ci) console.log('deleted:', await me.deleteApiKey(ci.name)); // by listing name

// Admin only on W&B:
const ann = await api.exactUser('ann@example.com'); // exact username or email, else null (never a partial match)
const all = await api.users('example.com'); // pages through every match
console.log(String(ann), all.length);
try {
  await api.createUser('new.hire@example.com', { admin: false });
} catch (error) {
  if (!(error instanceof ConflictError)) throw error;
  console.log('already there');
}
