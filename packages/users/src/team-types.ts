import type { CallOptions, ChangeOptions } from './transport.js';

// Options of the team methods, apart from the classes so that the modules
// loaded on first use (team-lazy.ts) need not import the classes that load them.

/** Options of {@link Api.createTeam}. */
export interface CreateTeamOptions extends CallOptions {
  /** The username of the team's first admin. Default: the user the Api's key belongs to. */
  adminUsername?: string;
}

/** Options of {@link Team.invite}. */
export interface InviteOptions extends ChangeOptions {
  /**
   * The team role the invitee gets: `admin`, `member`, `viewer` or a custom
   * role's name. Default: the server's (`member` on W&B).
   */
  role?: string;
}
