import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { EventOutbox, OutboxEntry, PlatformEvent, VideoRepository } from '@videoforge/core';
import { OUTBOX_INDEX, OUTBOX_PARTITION, outboxEventItem, outboxIndex } from './outbox-items.ts';

/**
 * The outbox lives in the table whose writes it describes: events on video items (written by the
 * same put as the transition), standalone events and redelivery requests under `PK = OUTBOX`.
 * All of them are found, oldest first, through the sparse index GSI2.
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
    const entryId = randomUUID();
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          PK: OUTBOX_PARTITION,
          SK: `REDELIVER#${entryId}`,
          ...outboxIndex(new Date().toISOString(), entryId),
          entity: 'OUTBOX_REDELIVER',
          ...request,
        },
      }),
    );
  }

  async pending(limit: number): Promise<OutboxEntry[]> {
    const out = await this.client.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: 'GSI2PK = :outbox',
        ExpressionAttributeValues: { ':outbox': OUTBOX_PARTITION },
        Limit: limit,
      }),
    );
    return (out.Items ?? []).flatMap((item) => toEntry(item) ?? []);
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
    const sk = entry.kind === 'event' ? `EVENT#${entry.entryId}` : `REDELIVER#${entry.entryId}`;
    await this.client.send(
      new DeleteCommand({ TableName: this.table, Key: { PK: OUTBOX_PARTITION, SK: sk } }),
    );
  }
}

function toEntry(item: Record<string, unknown>): OutboxEntry | undefined {
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
