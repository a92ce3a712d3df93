import { Api } from '@wandb-ts/users';

const api = new Api(); // the key of an instance admin, found as in the first example

// Onboarding: a team whose admin is ann, and a new hire invited as a viewer.
const team = (await api.team('vision')) ?? (await api.createTeam('vision', { adminUsername: 'ann' }));
console.log('invited:', await team.invite('new.hire@example.com', { role: 'viewer' })); // false if already invited
await team.reload(); // `members` is a snapshot: reload to see the invitation
for (const member of team.members) console.log(String(member), member.role, member.pending ? 'pending' : 'joined');

// Machine access: a service account with a key of its own, given once.
const bot = await team.createServiceAccount('Nightly eval');
if (bot) console.log(`${bot.member.username}: a new ${bot.apiKey.length}-character key`); // store it, never log it
console.log('bot is a viewer:', await bot?.member.setRole('viewer'));

// Changing one's mind: withdraw the invitation (the same call removes a member).
const invited = team.members.find((member) => member.email === 'new.hire@example.com');
console.log('withdrawn:', await invited?.delete());

// Offboarding: the account stays, its keys stop working until it is reactivated.
const ann = await api.exactUser('ann');
console.log('deactivated:', await ann?.deactivate(), ann?.deletedAt !== null);
console.log('reactivated:', await ann?.reactivate());
