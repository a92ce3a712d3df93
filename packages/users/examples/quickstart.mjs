// A tour of @wandb-ts/users against the fake W&B server from @wandb-ts/testing,
// started here on 127.0.0.1: nothing leaves this machine.
//
//   node packages/users/examples/quickstart.mjs
//
// Against a real W&B instance, drop the fake and construct `new Api()`: it
// reads WANDB_API_KEY / ~/.netrc and WANDB_BASE_URL like the W&B CLI.
import { startFakeWandb } from '@wandb-ts/testing';
import { Api, ConflictError, User } from '@wandb-ts/users';

const fake = await startFakeWandb({ users: [{ email: 'ann@example.com', username: 'ann', teams: ['vision'] }] });
try {
  const api = new Api({ baseUrl: fake.baseUrl, apiKey: fake.adminApiKey });

  const me = await api.viewer();
  console.log(`viewer:        ${me} (admin: ${me.admin}, keys: ${me.apiKeys.length})`);

  const hire = await api.createUser('new.hire@example.com');
  console.log(`created:       ${hire}`);
  try {
    await User.create(api, 'new.hire@example.com');
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    console.log(`again:         ${error.name}: ${error.message}`);
  }

  const found = await api.users('example.com');
  console.log(`search:        ${found.map(String).join(', ')}`);
  const ann = await api.user('ann');
  console.log(`ann's teams:   ${ann?.teams.join(', ')}`);

  // Keys are made with the owner's own credentials: the viewer can, a user
  // fetched by an admin cannot (null, and nothing is created for anyone).
  console.log(`ann.generateApiKey() as admin: ${await ann?.generateApiKey('from admin')}`);
  const secret = await me.generateApiKey('quickstart');
  console.log(`new key:       ${secret ? `a ${secret.length}-character secret (shown once; not printed here)` : 'refused'}`);
  console.log(`listed as:     ${me.apiKeys.join(', ')}`);

  const newest = me.apiKeys[me.apiKeys.length - 1];
  console.log(`deleted ${newest}: ${await me.deleteApiKey(newest)}; keys now: ${me.apiKeys.join(', ')}`);
} finally {
  await fake.close();
}
