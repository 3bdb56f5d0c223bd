import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { EventOutbox, OutboxEntry, PlatformEvent, VideoRepository } from '@videoforge/core';
import {
  LEGACY_OUTBOX_PARTITION,
  OUTBOX_INDEX,
  outboxEventItem,
  outboxPartitions,
  outboxRedeliveryItem,
  standaloneOutboxKey,
} from './outbox-items.ts';
import { mergeOldestFirst, type ShardPage } from './shard-merge.ts';

export { OUTBOX_INDEX, OUTBOX_SHARDS, outboxPartitions } from './outbox-items.ts';

type Item = Record<string, unknown>;

/**
 * The outbox lives in the table whose writes it describes: events on video items (written by the
 * same put as the transition), standalone events and redelivery requests under `PK = OUTBOX#{shard}`.
 * All of them are found through the sparse index GSI2, write-sharded like the status index: the
 * relay reads every shard and takes the oldest entries overall.
 */
export class DynamoEventOutbox implements EventOutbox {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly videos: VideoRepository;

  /** `videos` must be the uncached DynamoDB repository: acknowledging rewrites video items. */
  constructor(client: DynamoDBDocumentClient, table: string, videos: VideoRepository) {
    this.client = client;
    this.table = table;
    this.videos = videos;
  }

  async addEvent(event: PlatformEvent): Promise<void> {
    await this.client.send(new PutCommand({ TableName: this.table, Item: outboxEventItem(event) }));
  }

  async addRedelivery(request: {
    userId: string;
    webhookId: string;
    deliveryId: string;
  }): Promise<void> {
    const item = outboxRedeliveryItem(randomUUID(), new Date().toISOString(), request);
    await this.client.send(new PutCommand({ TableName: this.table, Item: item }));
  }

  /**
   * Each shard's oldest `limit` entries, read in parallel and merged: every one of the `limit`
   * oldest entries overall is among them, however unevenly the shards are filled.
   */
  async pending(limit: number): Promise<OutboxEntry[]> {
    const pages = await Promise.all(
      outboxPartitions().map((partition) => this.shardPage(partition, limit)),
    );
    const oldest = mergeOldestFirst(pages, limit, (item) => item.GSI2SK as string);
    return oldest.flatMap((item) => toEntry(item) ?? []);
  }

  private async shardPage(partition: string, limit: number): Promise<ShardPage<Item>> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'GSI2PK = :partition',
        ExpressionAttributeValues: { ':partition': partition },
        Limit: limit,
      }),
    );
    return { entries: out.Items ?? [], more: out.LastEvaluatedKey !== undefined };
  }

  async acknowledge(entry: OutboxEntry): Promise<void> {
    if (entry.kind === 'video-events') {
      const done = new Set(entry.events.map((e) => e.id));
      await this.videos.update(entry.userId, entry.videoId, (video) => {
        const outbox = video.outbox ?? [];
        const remaining = outbox.filter((e) => !done.has(e.id));
        if (remaining.length === outbox.length) return undefined;
        const { outbox: _sent, ...rest } = video;
        return remaining.length > 0 ? { ...rest, outbox: remaining } : rest;
      });
      return;
    }
    const key = standaloneOutboxKey(entry.kind === 'event' ? 'EVENT' : 'REDELIVER', entry.entryId);
    if (await this.deleteItem(key)) return;
    // Written before the outbox was sharded: the entry is still under the legacy partition.
    await this.deleteItem({ PK: LEGACY_OUTBOX_PARTITION, SK: key.SK });
  }

  /** Whether there was an item to delete. */
  private async deleteItem(key: { PK: string; SK: string }): Promise<boolean> {
    const out = await this.client.send(
      new DeleteCommand({ TableName: this.table, Key: key, ReturnValues: 'ALL_OLD' }),
    );
    return out.Attributes !== undefined;
  }
}

function toEntry(item: Item): OutboxEntry | undefined {
  switch (item.entity) {
    case 'VIDEO': {
      const events = (item.outbox as PlatformEvent[] | undefined) ?? [];
      if (events.length === 0) return undefined;
      return {
        kind: 'video-events',
        userId: item.userId as string,
        videoId: item.videoId as string,
        events,
      };
    }
    case 'OUTBOX_EVENT': {
      const event = item.event as PlatformEvent;
      return { kind: 'event', entryId: event.id, event };
    }
    case 'OUTBOX_REDELIVER':
      return {
        kind: 'redeliver',
        entryId: (item.SK as string).slice('REDELIVER#'.length),
        userId: item.userId as string,
        webhookId: item.webhookId as string,
        deliveryId: item.deliveryId as string,
      };
    default:
      return undefined;
  }
}
