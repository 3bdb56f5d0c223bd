import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  statusIndexPartitions,
  storageBytesOf,
  type Page,
  type StorageUsage,
  type Video,
  type VideoCatalog,
  type VideoStatus,
} from '@videoforge/core';
import { getVideos } from './dynamo-get-videos.ts';
import {
  decodeStatusCursor,
  encodeStatusCursor,
  mergeNewestFirst,
  type StatusIndexEntry,
} from './dynamo-status-index.ts';
import { STATUS_INDEX } from './dynamo-table-definition.ts';

/**
 * Operator reads over the single table. A status listing queries every shard of the keys-only
 * status index (GSI1PK = STATUS#{status}#{shard}, GSI1SK = createdAt#videoId) past the cursor,
 * merges them newest first and reads the page's items from the table; a user's partition gives
 * their totals. Reads only; every write goes through the video repository.
 */
export class DynamoVideoCatalog implements VideoCatalog {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  async listByStatus(
    status: VideoStatus,
    opts: { limit: number; cursor?: string },
  ): Promise<Page<Video>> {
    const before = opts.cursor ? decodeStatusCursor(status, opts.cursor) : undefined;
    const shardPages = await Promise.all(
      statusIndexPartitions(status).map((partition) =>
        this.queryShard(partition, opts.limit + 1, before),
      ),
    );
    const { entries, more } = mergeNewestFirst(shardPages, opts.limit);
    const videos = await getVideos(this.client, this.table, entries);
    const last = entries.at(-1);
    return {
      // The index lags the table a little: a video that has moved on since is not listed here.
      items: videos.filter((video) => video.status === status),
      nextCursor: more && last ? encodeStatusCursor(status, last.GSI1SK) : undefined,
    };
  }

  private async queryShard(
    partition: string,
    limit: number,
    before: string | undefined,
  ): Promise<StatusIndexEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: STATUS_INDEX,
        KeyConditionExpression: before
          ? 'GSI1PK = :partition AND GSI1SK < :before'
          : 'GSI1PK = :partition',
        ExpressionAttributeValues: before
          ? { ':partition': partition, ':before': before }
          : { ':partition': partition },
        Limit: limit,
        // GSI1SK starts with createdAt: descending is newest first.
        ScanIndexForward: false,
      }),
    );
    return (out.Items ?? []) as StatusIndexEntry[];
  }

  async usageOf(userId: string): Promise<StorageUsage> {
    const usage: StorageUsage = { videoCount: 0, storageBytes: 0 };
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :video)',
          ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':video': 'VIDEO#' },
          // Only what the totals need, not whole items.
          ProjectionExpression: '#status, sizeBytes, renditions',
          ExpressionAttributeNames: { '#status': 'status' },
          ExclusiveStartKey: start,
        }),
      );
      for (const item of out.Items ?? []) {
        usage.videoCount++;
        usage.storageBytes += storageBytesOf(
          item as Pick<Video, 'status' | 'sizeBytes' | 'renditions'>,
        );
      }
      start = out.LastEvaluatedKey;
    } while (start);
    return usage;
  }
}
