import type { DirectoryUser, Page, UserDirectory, VideoCatalog } from '@videoforge/core';
import { mapConcurrently } from './concurrency.ts';

export interface UserSummary extends DirectoryUser {
  groups: string[];
  videoCount: number;
  storageBytes: number;
}

export interface UserReportDeps {
  users: UserDirectory;
  catalog: VideoCatalog;
  /** Groups whose membership the listing shows (one directory call per group and page). */
  groups: readonly string[];
}

/** Reading totals for a page of users: a few queries at a time, not all at once. */
const USAGE_CONCURRENCY = 8;

/** A page of the user pool, each user with their video count and stored bytes. */
export async function listUsersWithUsage(
  deps: UserReportDeps,
  opts: { limit: number; cursor?: string },
): Promise<Page<UserSummary>> {
  const [page, memberships] = await Promise.all([
    deps.users.list(opts),
    Promise.all(
      deps.groups.map(async (group) => [group, await deps.users.membersOf(group)] as const),
    ),
  ]);
  const items = await mapConcurrently(page.items, USAGE_CONCURRENCY, async (user) => ({
    ...user,
    groups: memberships.filter(([, members]) => members.has(user.userId)).map(([group]) => group),
    ...(await deps.catalog.usageOf(user.userId)),
  }));
  return { items, nextCursor: page.nextCursor };
}
