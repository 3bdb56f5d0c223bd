/** One shard's page of a sharded index, in index order, and whether the shard holds more past it. */
export interface ShardPage<T> {
  entries: readonly T[];
  more: boolean;
}

/**
 * The first `limit` entries in ascending sort-key order over every shard's page (each ascending),
 * the oldest overall first whichever shard holds them. A shard that has more past its page vouches
 * for the order only up to its last entry, so the merge stops there: an entry that shard did not
 * return can never be passed over by a later one from another shard. Asking each shard for `limit`
 * entries makes that stop matter only when DynamoDB cut a page short (1 MB).
 */
export function mergeOldestFirst<T>(
  pages: readonly ShardPage<T>[],
  limit: number,
  sortKeyOf: (entry: T) => string,
): T[] {
  const horizon = horizonOf(pages, sortKeyOf);
  return pages
    .flatMap((page) => page.entries)
    .filter((entry) => horizon === undefined || sortKeyOf(entry) <= horizon)
    .sort((a, b) => compareAscending(sortKeyOf(a), sortKeyOf(b)))
    .slice(0, limit);
}

/** The smallest last sort key among the pages that stopped short of their shard's end. */
function horizonOf<T>(
  pages: readonly ShardPage<T>[],
  sortKeyOf: (entry: T) => string,
): string | undefined {
  let horizon: string | undefined;
  for (const page of pages) {
    const last = page.entries.at(-1);
    if (!page.more || last === undefined) continue;
    const key = sortKeyOf(last);
    if (horizon === undefined || key < horizon) horizon = key;
  }
  return horizon;
}

function compareAscending(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
