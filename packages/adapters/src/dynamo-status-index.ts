import { z } from 'zod';
import {
  statusIndexPartition,
  statusIndexSortKey,
  statusShardOf,
  type Video,
  type VideoStatus,
} from '@videoforge/core';
import { decodeCursor, encodeCursor } from './listing-cursor.ts';

/** One entry of the (keys-only) status index: the index keys and the table keys. */
export interface StatusIndexEntry {
  GSI1PK: string;
  GSI1SK: string;
  PK: string;
  SK: string;
}

/** The index attributes a video item carries: its status, in its shard, ordered by creation. */
export function statusIndexAttributes(video: Pick<Video, 'status' | 'createdAt' | 'videoId'>) {
  return {
    GSI1PK: statusIndexPartition(video.status, statusShardOf(video.videoId)),
    GSI1SK: statusIndexSortKey(video.createdAt, video.videoId),
  };
}

/**
 * The newest `limit` entries over every shard's page (each newest first), and whether more
 * remain. Each shard is asked for limit + 1 entries, so "more" is exact: when the shards hold more
 * than `limit` entries past the cursor, more than `limit` come back together.
 */
export function mergeNewestFirst(
  shardPages: readonly (readonly StatusIndexEntry[])[],
  limit: number,
): { entries: StatusIndexEntry[]; more: boolean } {
  const all = shardPages.flat().sort((a, b) => compareDescending(a.GSI1SK, b.GSI1SK));
  return { entries: all.slice(0, limit), more: all.length > limit };
}

function compareDescending(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}

/**
 * A status listing's cursor is one position in the total order (the last sort key returned), so it
 * works on every shard at once: the next page is what sorts before it, shard by shard.
 */
const statusCursor = (status: VideoStatus) =>
  z.strictObject({ status: z.literal(status), before: z.string().min(1).max(1024) });

export function encodeStatusCursor(status: VideoStatus, before: string): string {
  return encodeCursor({ status, before });
}

export function decodeStatusCursor(status: VideoStatus, cursor: string): string {
  return decodeCursor(cursor, statusCursor(status)).before;
}
