import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  storageBytesOf,
  type Page,
  type StorageUsage,
  type Video,
  type VideoCatalog,
  type VideoStatus,
} from '@videoforge/core';
import { fromItem } from './dynamo-video-repository.ts';
import { decodeCursor, encodeCursor, statusIndexCursor } from './listing-cursor.ts';

const STATUS_INDEX = 'GSI1';

/**
 * Operator reads over the single table: GSI1 (GSI1PK = STATUS#{status}, GSI1SK =
 * createdAt#videoId, projection ALL) lists one status across users; a user's partition gives
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
    const partition = `STATUS#${status}`;
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: STATUS_INDEX,
        KeyConditionExpression: 'GSI1PK = :status',
        ExpressionAttributeValues: { ':status': partition },
        Limit: opts.limit,
        // GSI1SK starts with createdAt: descending is newest first.
        ScanIndexForward: false,
        ExclusiveStartKey: opts.cursor
          ? decodeCursor(opts.cursor, statusIndexCursor(partition))
          : undefined,
      }),
    );
    return {
      items: (out.Items ?? []).map(fromItem),
      nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined,
    };
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
