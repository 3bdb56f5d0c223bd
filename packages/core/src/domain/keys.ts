import type { Quality } from './qualities.ts';

/** Upload extensions we accept; the key's extension always comes from this list, never from user text. */
export const UPLOAD_EXTENSIONS = ['mp4', 'mov', 'mkv', 'webm', 'avi', 'm4v'] as const;
export type UploadExtension = (typeof UPLOAD_EXTENSIONS)[number];

const ID_PATTERN = '[A-Za-z0-9_-]{1,128}';
const ID_REGEX = new RegExp(`^${ID_PATTERN}$`);
const RAW_KEY_REGEX = new RegExp(
  `^raw/(${ID_PATTERN})/(${ID_PATTERN})\\.(${UPLOAD_EXTENSIONS.join('|')})$`,
);

export function isSafeId(value: string): boolean {
  return ID_REGEX.test(value);
}

export function isUploadExtension(value: string): value is UploadExtension {
  return (UPLOAD_EXTENSIONS as readonly string[]).includes(value);
}

/** The allow-listed extension of a filename, lower-cased, or undefined when it is not a video we take. */
export function uploadExtensionOf(filename: string): UploadExtension | undefined {
  const dot = filename.lastIndexOf('.');
  if (dot < 0) return undefined;
  const ext = filename.slice(dot + 1).toLowerCase();
  return isUploadExtension(ext) ? ext : undefined;
}

export function rawKey(userId: string, videoId: string, ext: UploadExtension): string {
  return `raw/${userId}/${videoId}.${ext}`;
}

export interface RawKeyParts {
  userId: string;
  videoId: string;
  ext: UploadExtension;
}

export function parseRawKey(key: string): RawKeyParts | undefined {
  const match = RAW_KEY_REGEX.exec(key);
  if (!match) return undefined;
  const [, userId, videoId, ext] = match as unknown as [string, string, string, UploadExtension];
  return { userId, videoId, ext };
}

export function renditionKey(quality: Quality, userId: string, videoId: string): string {
  return `transcoded/${quality}/${userId}/${videoId}.mp4`;
}

export function hlsPrefix(userId: string, videoId: string): string {
  return `hls/${userId}/${videoId}/`;
}

export function hlsMasterKey(userId: string, videoId: string): string {
  return `${hlsPrefix(userId, videoId)}master.m3u8`;
}

export function posterKey(userId: string, videoId: string): string {
  return `thumbnails/${userId}/${videoId}.jpg`;
}

/**
 * The status index is write-sharded: a video's index entry lives in one of this many partitions
 * per status, so no single index partition takes every status change of the platform. Listings
 * read all shards and merge. Changing the count moves entries: migrate as docs/performance-table.md says.
 */
export const STATUS_INDEX_SHARDS = 16;

/**
 * The write shard (0 to shards - 1) of an id, for keys spread over several partitions: the same id
 * always lands in the same shard, in every process.
 */
export function shardOf(id: string, shards: number): number {
  // FNV-1a (32 bit): cheap, stable across processes and evenly spread over UUIDv7 ids.
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    hash ^= id.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/** The shard of a video's status index entry: stable for its life, whatever its status. */
export function statusShardOf(videoId: string): number {
  return shardOf(videoId, STATUS_INDEX_SHARDS);
}

/** The status index partition key of one shard: `STATUS#{status}#{shard}`. */
export function statusIndexPartition(status: string, shard: number): string {
  return `STATUS#${status}#${shard}`;
}

/** Every partition one status spans, to be queried and merged by a listing. */
export function statusIndexPartitions(status: string): string[] {
  return Array.from({ length: STATUS_INDEX_SHARDS }, (_, shard) =>
    statusIndexPartition(status, shard),
  );
}

/** The status index sort key: creation time, then the id, so the order is total (newest first descending). */
export function statusIndexSortKey(createdAt: string, videoId: string): string {
  return `${createdAt}#${videoId}`;
}
