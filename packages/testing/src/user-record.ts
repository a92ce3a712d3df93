/** A user (or service account) as the fake holds it; the store and the team book share it. */
export interface UserRecord {
  n: number;
  id: string;
  /** Null for service accounts, which W&B creates without an address. */
  email: string | null;
  username: string;
  name: string;
  admin: boolean;
  accountType: 'USER' | 'SERVICE';
  flags: string | null;
  createdAt: string;
  deletedAt: string | null;
  /** The teams the user has joined, by team number, in the order they joined. */
  teamIds: Set<number>;
}
