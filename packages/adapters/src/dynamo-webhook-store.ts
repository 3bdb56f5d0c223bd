import {
  DeleteCommand,
  GetCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { ConflictError, type Webhook, type WebhookStore } from '@videoforge/core';

import { MAX_WRITE_ATTEMPTS, putIfUnchanged, putNew } from './versioned-items.ts';

/**
 * A user's webhooks sit next to their videos: PK = USER#{userId}, SK = WEBHOOK#{webhookId}.
 * Every change is a conditional put on `version`, as for videos.
 */
export class DynamoWebhookStore implements WebhookStore {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  create(webhook: Webhook): Promise<void> {
    return putNew(this.client, this.table, toItem(webhook), 'webhook');
  }

  async get(userId: string, webhookId: string): Promise<Webhook | undefined> {
    const out = await this.client.send(
      new GetCommand({
        TableName: this.table,
        Key: keyOf(userId, webhookId),
        ConsistentRead: true,
      }),
    );
    return out.Item ? fromItem(out.Item) : undefined;
  }

  /** A handful per user (the api caps them), so every page is read. */
  async listByUser(userId: string): Promise<Webhook[]> {
    const webhooks: Webhook[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.client.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :webhook)',
          ExpressionAttributeValues: { ':pk': `USER#${userId}`, ':webhook': 'WEBHOOK#' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      webhooks.push(...(out.Items ?? []).map(fromItem));
      start = out.LastEvaluatedKey;
    } while (start);
    return webhooks;
  }

  async update(
    userId: string,
    webhookId: string,
    mutate: (current: Webhook) => Webhook | undefined,
  ): Promise<Webhook | undefined> {
    for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      const current = await this.get(userId, webhookId);
      if (!current) return undefined;
      const next = mutate(current);
      if (!next) return current;
      const stored = { ...next, userId, webhookId, version: current.version + 1 };
      // Another writer (the delivery worker counting failures) may win: read again, re-apply.
      if (await putIfUnchanged(this.client, this.table, toItem(stored), current.version))
        return stored;
    }
    throw new ConflictError(`webhook ${webhookId} is changing too fast; try again`);
  }

  async delete(userId: string, webhookId: string): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.table, Key: keyOf(userId, webhookId) }),
    );
  }
}

function keyOf(userId: string, webhookId: string) {
  return { PK: `USER#${userId}`, SK: `WEBHOOK#${webhookId}` };
}

function toItem(webhook: Webhook): Record<string, unknown> {
  return { ...keyOf(webhook.userId, webhook.webhookId), entity: 'WEBHOOK', ...webhook };
}

function fromItem(item: Record<string, unknown>): Webhook {
  const { PK: _pk, SK: _sk, entity: _entity, ...webhook } = item;
  return webhook as unknown as Webhook;
}
