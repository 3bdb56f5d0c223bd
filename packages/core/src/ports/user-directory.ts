import type { Page } from './video-repository.ts';

export interface DirectoryUser {
  /** The `sub`: the id access tokens carry and videos are keyed by. */
  userId: string;
  username: string;
  email?: string;
  /** The user pool's account status, e.g. CONFIRMED, UNCONFIRMED, FORCE_CHANGE_PASSWORD. */
  status?: string;
  enabled: boolean;
  createdAt?: string;
}

/** Read-only view of the user pool for operators. */
export interface UserDirectory {
  list(opts: { limit: number; cursor?: string }): Promise<Page<DirectoryUser>>;
  find(userId: string): Promise<DirectoryUser | undefined>;
  /** The user ids in a group. */
  membersOf(group: string): Promise<Set<string>>;
}
