import { Api, LastOrganizationAdminError, SeatLimitError } from '@wandb-ts/users';

const api = new Api(); // the key of an organization admin, found as in the first example

// The organization the key's user belongs to; api.organization('Acme') names one.
const org = await api.organization();
if (!org) throw new Error('the key belongs to no organization');
const { full, viewOnly } = org.seats;
console.log(`${org.name}: ${org.members.length} members; full seats ${full.used}/${full.total}, view-only ${viewOnly.used}/${viewOnly.total}`);

// Onboarding: an address without an account is invited, and the invitation holds a seat.
try {
  console.log('invited:', await org.invite('new.hire@example.com', { role: 'viewer' }));
} catch (error) {
  if (!(error instanceof SeatLimitError)) throw error;
  console.log(`no ${error.seatType === 'full' ? 'full' : 'view-only'} seat left: ${error.used} of ${error.total} in use`);
}

// Roles: the seat follows the role (viewer: a view-only seat, member: a full one).
console.log('ann is a member:', await org.setRole('ann', 'member'));
await org.reload(); // `members` is a snapshot: reload to see the changes
for (const member of org.members) console.log(String(member), member.seatType);
console.log('pending:', org.pendingInvitations.map((invitation) => invitation.email).join(', '));

// Offboarding: withdraw the invitation (a member would leave the organization and its teams).
console.log('withdrawn:', await org.remove('new.hire@example.com'));
try {
  await org.remove('admin');
} catch (error) {
  if (!(error instanceof LastOrganizationAdminError)) throw error;
  console.log('kept the last admin:', error.username);
}
