import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Delivery, DeliveryLog, Page } from '@videoforge/core';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from './listing-cursor.ts';

type DeliveryPatch = Parameters<DeliveryLog['update']>[2];

/** Queries a page may take to fill itself past expired items the emulator has not removed. */
const MAX_QUERIES_PER_PAGE = 5;

/** LastEvaluatedKey of a query over one webhook's deliveries (table keys only). */
const deliveriesCursor = (webhookId: string) =>
  z.strictObject({
    PK: z.literal(`WEBHOOK#${webhookId}`),
    SK: z.string().max(1024).startsWith('DELIVERY#'),
  });

/**
 * Each webhook's deliveries: PK = WEBHOOK#{webhookId}, SK = DELIVERY#{deliveryId}. Delivery ids
 * are time-ordered, so a descending query is newest first. `expiresAtEpoch` is the table's TTL
 * attribute; TTL removes items lazily (and an emulator never), so reads skip expired ones too.
 */
export class DynamoDeliveryLog implements DeliveryLog {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;
  private readonly nowSeconds: () => number;

  constructor(
    client: DynamoDBDocumentClient,
    table: string,
    clock: () => number = () => Date.now(),
  ) {
    this.client = client;
    this.table = table;
    this.nowSeconds = () => Math.floor(clock() / 1000);
  }

  async create(delivery: Delivery): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: toItem(delivery),
          // An expired item TTL has not removed yet does not count as existing.
          ConditionExpression: 'attribute_not_exists(PK) OR expiresAtEpoch <= :now',
          ExpressionAttributeValues: { ':now': this.nowSeconds() },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(webhookId: string, deliveryId: string): Promise<Delivery | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: keyOf(webhookId, deliveryId),
        ConsistentRead: true,
      }),
    );
    return out.Item && this.live(out.Item) ? fromItem(out.Item) : undefined;
  }

  /** A field given as undefined is removed (e.g. `nextAttemptAt` once delivered). */
  async update(
    webhookId: string,
    deliveryId: string,
    patch: DeliveryPatch,
  ): Promise<Delivery | undefined> {
    const { updatedAt, ...fields } = patch;
    const entries = Object.entries({ ...fields, updatedAt: updatedAt ?? new Date().toISOString() });
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = { ':now': this.nowSeconds() };
    const set: string[] = [];
    const remove: string[] = [];
    entries.forEach(([field, value], i) => {
      names[`#f${i}`] = field;
      if (value === undefined) remove.push(`#f${i}`);
      else {
        values[`:v${i}`] = value;
        set.push(`#f${i} = :v${i}`);
      }
    });
    const expression = [`SET ${set.join(', ')}`, remove.length ? `REMOVE ${remove.join(', ')}` : '']
      .filter(Boolean)
      .join(' ');
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: keyOf(webhookId, deliveryId),
          UpdateExpression: expression,
          ConditionExpression: 'attribute_exists(PK) AND expiresAtEpoch > :now',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ReturnValues: 'ALL_NEW',
        }),
      );
      return out.Attributes ? fromItem(out.Attributes) : undefined;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  async list(webhookId: string, opts: { limit: number; cursor?: string }): Promise<Page<Delivery>> {
    const items: Delivery[] = [];
    let start = opts.cursor ? decodeCursor(opts.cursor, deliveriesCursor(webhookId)) : undefined;
    for (let query = 0; query < MAX_QUERIES_PER_PAGE && items.length < opts.limit; query++) {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :delivery)',
          FilterExpression: 'expiresAtEpoch > :now',
          ExpressionAttributeValues: {
            ':pk': `WEBHOOK#${webhookId}`,
            ':delivery': 'DELIVERY#',
            ':now': this.nowSeconds(),
          },
          Limit: opts.limit - items.length,
          ScanIndexForward: false,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(out.Items ?? []).map(fromItem));
      start = out.LastEvaluatedKey as z.infer<ReturnType<typeof deliveriesCursor>> | undefined;
      if (!start) break;
    }
    return { items, nextCursor: start ? encodeCursor(start) : undefined };
  }

  private live(item: Record<string, unknown>): boolean {
    return typeof item.expiresAtEpoch === 'number' && item.expiresAtEpoch > this.nowSeconds();
  }
}

function keyOf(webhookId: string, deliveryId: string) {
  return { PK: `WEBHOOK#${webhookId}`, SK: `DELIVERY#${deliveryId}` };
}

function toItem(delivery: Delivery): Record<string, unknown> {
  return { ...keyOf(delivery.webhookId, delivery.deliveryId), entity: 'DELIVERY', ...delivery };
}

function fromItem(item: Record<string, unknown>): Delivery {
  const { PK: _pk, SK: _sk, entity: _entity, ...delivery } = item;
  return delivery as unknown as Delivery;
}
