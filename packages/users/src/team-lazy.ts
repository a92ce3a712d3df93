// What teams, members and the user lifecycle do, as one module that the
// classes load with import() on their first call that sends something: the
// SDK's start-up, and the first chunk of a browser bundle, carry the classes
// only (docs/performance.md). One module rather than one per class, so that a
// bundle gets one lazy chunk for all of it instead of several small ones that
// compress worse.
export { fetchTeamEntity } from './team-entity.js';
export { createTeamEntity } from './team-create.js';
export { createServiceAccount, deleteTeam, fetchTeam, invite } from './team-ops.js';
export { deleteMember, setMemberRole } from './member-ops.js';
export { changeUser } from './user-lifecycle.js';
export { errorOfResult } from './classify-lazy.js';
