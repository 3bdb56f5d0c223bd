import {
  quotaReport,
  usageDay,
  type DirectoryUser,
  type Page,
  type QuotaReport,
  type UsageLedger,
  type UserDirectory,
  type UserQuotas,
  type VideoCatalog,
} from '@videoforge/core';
import { mapConcurrently } from './concurrency.ts';

export interface UserSummary extends DirectoryUser {
  groups: string[];
  videoCount: number;
  storageBytes: number;
  /** What the quotas count (declared source bytes, transcode minutes today) against the limits. */
  quota: QuotaReport;
}

export interface UserReportDeps {
  users: UserDirectory;
  catalog: VideoCatalog;
  /** Groups whose membership the listing shows (one directory call per group and page). */
  groups: readonly string[];
  usage: UsageLedger;
  quotas: UserQuotas;
  clock?: () => Date;
}

/** Reading totals for a page of users: a few queries at a time, not all at once. */
const USAGE_CONCURRENCY = 8;

/** A page of the user pool, each user with their video count, stored bytes and quota usage. */
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
  const day = usageDay(deps.clock?.() ?? new Date());
  const items = await mapConcurrently(page.items, USAGE_CONCURRENCY, async (user) => {
    const [stored, quota] = await Promise.all([
      deps.catalog.usageOf(user.userId),
      quotaOf(deps, user.userId, day),
    ]);
    const groups = memberships.filter(([, members]) => members.has(user.userId));
    return { ...user, groups: groups.map(([group]) => group), ...stored, quota };
  });
  return { items, nextCursor: page.nextCursor };
}

async function quotaOf(deps: UserReportDeps, userId: string, day: string): Promise<QuotaReport> {
  const [held, seconds] = await Promise.all([
    deps.usage.held(userId),
    deps.usage.transcodeSeconds(userId, day),
  ]);
  return quotaReport(held, seconds, deps.quotas);
}
