import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  ConflictError,
  eventsBetween,
  newEventId,
  videoDeletedEvent,
  type Page,
  type Video,
  type VideoMutation,
  type VideoRepository,
} from '@videoforge/core';
import { decodeCursor, encodeCursor, userVideosCursor } from './listing-cursor.ts';
import { outboxEventItem } from './outbox-items.ts';
import { videoIndexKeys } from './video-index-keys.ts';
import { MAX_WRITE_ATTEMPTS, putIfUnchanged, putNew } from './versioned-items.ts';

/**
 * Single-table layout: PK = USER#{userId}, SK = VIDEO#{videoId}; GSI1 lists videos by status
 * (GSI1PK = STATUS#{status}#{shard}, GSI1SK = createdAt#videoId, keys only). Every write is one
 * conditional put; the index entry changes only with the status, so progress writes skip the index.
 */
export class DynamoVideoRepository implements VideoRepository {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  create(video: Video): Promise<void> {
    return putNew(this.client, this.table, toItem(video), 'video');
  }

  async get(userId: string, videoId: string): Promise<Video | undefined> {
    const out = await this.client.send(
      new GetCommand({ TableName: this.table, Key: keyOf(userId, videoId), ConsistentRead: true }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  async listByUser(userId: string, opts: { limit: number; cursor?: string }): Promise<Page<Video>> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :video)',
        ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':video': 'VIDEO#' },
        Limit: opts.limit,
        // Video ids are time-ordered (UUIDv7), so descending SK is newest first.
        ScanIndexForward: false,
        ExclusiveStartKey: opts.cursor
          ? decodeCursor(opts.cursor, userVideosCursor(userId))
          : undefined,
      }),
    );
    const items = (out.Items ?? []).map(fromItem);
    return {
      items,
      nextCursor: out.LastEvaluatedKey ? encodeCursor(out.LastEvaluatedKey) : undefined,
    };
  }

  async update(userId: string, videoId: string, mutate: VideoMutation) {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.get(userId, videoId);
      if (!current) return undefined;
      const next = mutate(current);
      if (!next) return { video: current, changed: false };
      const stored = { ...withEvents(current, next), version: current.version + 1 };
      // Another writer may win the race: read again and re-apply the pure mutation.
      if (await putIfUnchanged(this.client, this.table, toItem(stored), current.version))
        return { video: stored, changed: true };
    }
    throw new ConflictError(`video ${videoId} is changing too fast; try again`);
  }

  /** The `video.deleted` event is written first: a crash in between repeats it, never loses it. */
  async delete(userId: string, videoId: string): Promise<void> {
    const current = await this.get(userId, videoId);
    if (current) {
      const event = videoDeletedEvent(current, deletedEventId(videoId), new Date().toISOString());
      await this.client.send(
        new PutCommand({ TableName: this.table, Item: outboxEventItem(event) }),
      );
    }
    await this.client.send(
      new DeleteCommand({ TableName: this.table, Key: keyOf(userId, videoId) }),
    );
  }

  async ping(): Promise<void> {
    await this.client.send(new DescribeTableCommand({ TableName: this.table }));
  }
}

function keyOf(userId: string, videoId: string) {
  return { PK: `USER#${userId}`, SK: `VIDEO#${videoId}` };
}

/**
 * The events a write produces ride in the same conditional put as the write (an outbox inside
 * the item); the events relay finds items with pending events through the sparse index GSI2.
 */
function withEvents(current: Video, next: Video): Video {
  const events = eventsBetween(current, next, () => newEventId(uuidv7()), next.updatedAt);
  if (events.length === 0) return next;
  return { ...next, outbox: [...(next.outbox ?? []), ...events] };
}

/** Deleting twice (a retried request) names the event the same way. */
function deletedEventId(videoId: string): string {
  return `evt_${createHash('sha256').update(`video.deleted:${videoId}`).digest('hex').slice(0, 32)}`;
}

function toItem(video: Video): Record<string, unknown> {
  return {
    ...keyOf(video.userId, video.videoId),
    ...videoIndexKeys(video),
    entity: 'VIDEO',
    ...video,
  };
}

/** A stored item back to the domain shape (key and index attributes removed). */
export function fromItem(item: Record<string, unknown>): Video {
  const {
    PK: _pk,
    SK: _sk,
    GSI1PK: _g1,
    GSI1SK: _g2,
    GSI2PK: _o1,
    GSI2SK: _o2,
    entity: _entity,
    ...video
  } = item;
  return video as unknown as Video;
}
