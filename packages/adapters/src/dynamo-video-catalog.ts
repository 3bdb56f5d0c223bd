import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  ValidationError,
  storageBytesOf,
  type Page,
  type StorageUsage,
  type Video,
  type VideoCatalog,
  type VideoStatus,
} from '@videoforge/core';
import { fromItem } from './dynamo-video-repository.ts';

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
        ExclusiveStartKey: opts.cursor ? decodeCursor(opts.cursor, partition) : undefined,
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

function encodeCursor(key: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor is the index's LastEvaluatedKey; one from another status or forged is a 400. */
function decodeCursor(cursor: string, partition: string): Record<string, unknown> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (typeof key === 'object' && key !== null) {
      const k = key as Record<string, unknown>;
      const strings = ['PK', 'SK', 'GSI1SK'].every((name) => typeof k[name] === 'string');
      if (k.GSI1PK === partition && strings && Object.keys(k).length === 4) return k;
    }
  } catch {
    // fall through to the validation error
  }
  throw new ValidationError('cursor is not valid for this listing', 'cursor');
}
