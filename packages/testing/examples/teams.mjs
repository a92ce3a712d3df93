// Teams on the fake W&B server: a team seeded with roles and a pending
// invitation, a service account whose key authenticates as it, the invitation
// accepted, and the server's state read back. Nothing leaves 127.0.0.1.
//
//   node packages/testing/examples/teams.mjs
import { startFakeWandb } from '@wandb-ts/testing';

const fake = await startFakeWandb({
  users: [
    { email: 'ann@example.com', username: 'ann' },
    { email: 'bob@example.com', username: 'bob' },
  ],
  customRoles: ['labeler'],
  teams: [
    {
      name: 'vision',
      members: [
        { username: 'ann', role: 'admin' },
        { username: 'bob', role: 'labeler' },
        { email: 'new.hire@example.com', role: 'viewer', pending: true },
      ],
    },
  ],
});
try {
  // A service account's key is a secret: use it, never print it.
  const bot = fake.addServiceAccount('vision', 'Nightly eval');
  const response = await fetch(`${fake.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Basic ${btoa(`api:${bot.apiKey}`)}` },
    body: JSON.stringify({ query: '{ viewer { username accountType } }' }),
  });
  const { viewer } = (await response.json()).data;
  console.log(`the service account's key authenticates as ${viewer.username} (${viewer.accountType})`);

  // The invitee signs up and follows the invitation link.
  fake.addUser({ email: 'new.hire@example.com', username: 'hire' });
  fake.acceptInvite('vision', 'new.hire@example.com');

  for (const member of fake.getTeam('vision').members) {
    console.log(`${member.username ?? member.email}: ${member.role}, ${member.accountType}${member.pending ? ', pending' : ''}`);
  }
} finally {
  await fake.close();
}
