import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConflictError,
  ValidationError,
  type Delivery,
  type PlatformEvent,
  type Webhook,
} from '@videoforge/core';
import { createLogger } from '@videoforge/platform';
import {
  DynamoDeliveryLog,
  DynamoWebhookStore,
  awsEnvShape,
  createDynamoDocumentClient,
  toAwsSettings,
} from '@videoforge/adapters';
import { startLocalStack, type LocalStack } from '../../src/index.ts';

let counter = 0;
const unique = (prefix: string) => `${prefix}${Date.now().toString(16)}${(++counter).toString(16)}`;

function webhook(userId: string, extra: Partial<Webhook> = {}): Webhook {
  const now = new Date().toISOString();
  return {
    webhookId: unique('wh_'),
    userId,
    url: 'https://hooks.example.com/in',
    events: ['video.ready'],
    description: '',
    enabled: true,
    secrets: [{ value: 'whsec_c2VjcmV0', createdAt: now }],
    consecutiveFailures: 0,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...extra,
  };
}

function delivery(webhookId: string, n: number, expiresAtEpoch: number): Delivery {
  const now = new Date().toISOString();
  // Time-ordered like deliveryIdOf(uuidv7): later n sorts after.
  const deliveryId = `dlv_${n.toString(16).padStart(32, '0')}`;
  const event: PlatformEvent = {
    id: deliveryId.replace('dlv_', 'evt_'),
    type: 'video.ready',
    timestamp: now,
    userId: 'u1',
    data: { videoId: 'v1' },
  };
  return {
    deliveryId,
    webhookId,
    userId: 'u1',
    event,
    status: 'PENDING',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
    expiresAtEpoch,
  };
}

describe('webhook stores against the DynamoDB emulator', () => {
  let stack: LocalStack;
  let dir: string;
  let client: DynamoDBDocumentClient;
  let table: string;
  let webhooks: DynamoWebhookStore;
  let deliveries: DynamoDeliveryLog;
  const future = () => Math.floor(Date.now() / 1000) + 3600;
  const past = () => Math.floor(Date.now() / 1000) - 10;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'videoforge-webhook-stores-'));
    stack = await startLocalStack({
      dataDir: dir,
      ports: { aws: 0, dynamodb: 0, cognito: 0, memcached: 0 },
      adminPassword: 'Webhook-Stores-1',
      memcached: false,
      redis: false,
      logger: createLogger('webhook-stores-test', 'silent'),
    });
    client = createDynamoDocumentClient(toAwsSettings(z.object(awsEnvShape).parse(stack.env)));
    table = stack.env.DYNAMODB_TABLE as string;
    webhooks = new DynamoWebhookStore(client, table);
    deliveries = new DynamoDeliveryLog(client, table);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  describe('DynamoWebhookStore', () => {
    it('creates, reads back and refuses a duplicate id', async () => {
      const hook = webhook('alice');
      await webhooks.create(hook);
      expect(await webhooks.get('alice', hook.webhookId)).toEqual(hook);
      await expect(webhooks.create(hook)).rejects.toBeInstanceOf(ConflictError);
    });

    it("lists one user's webhooks only, and not their other items", async () => {
      const a1 = webhook('bob');
      const a2 = webhook('bob');
      await webhooks.create(a1);
      await webhooks.create(a2);
      await webhooks.create(webhook('carol'));
      // A video in the same partition must not show up as a webhook.
      await client.send(
        new PutCommand({
          TableName: table,
          Item: { PK: 'USER#bob', SK: 'VIDEO#x', entity: 'VIDEO', videoId: 'x' },
        }),
      );
      const listed = await webhooks.listByUser('bob');
      expect(listed.map((w) => w.webhookId).sort()).toEqual([a1.webhookId, a2.webhookId].sort());
      expect(await webhooks.listByUser('nobody')).toEqual([]);
      expect(await webhooks.get('carol', a1.webhookId)).toBeUndefined();
    });

    it('updates with an optimistic version and re-applies the mutation on a lost race', async () => {
      const hook = webhook('dave');
      await webhooks.create(hook);
      const updated = await webhooks.update('dave', hook.webhookId, (current) => ({
        ...current,
        consecutiveFailures: current.consecutiveFailures + 1,
      }));
      expect(updated?.version).toBe(2);
      expect(updated?.consecutiveFailures).toBe(1);

      const racing = await Promise.all(
        Array.from({ length: 4 }, () =>
          webhooks.update('dave', hook.webhookId, (c) => ({
            ...c,
            consecutiveFailures: c.consecutiveFailures + 1,
          })),
        ),
      );
      expect(racing.every((w) => w !== undefined)).toBe(true);
      const stored = await webhooks.get('dave', hook.webhookId);
      expect(stored?.consecutiveFailures).toBe(5);
      expect(stored?.version).toBe(6);
    });

    it('writes nothing when the mutation returns undefined; undefined for a missing webhook', async () => {
      const hook = webhook('erin', { disabledReason: 'too many failures' });
      await webhooks.create(hook);
      expect(await webhooks.update('erin', hook.webhookId, () => undefined)).toEqual(hook);
      expect(await webhooks.update('erin', 'wh_missing', (c) => c)).toBeUndefined();
      const { disabledReason: _gone, ...cleared } = hook;
      const enabled = await webhooks.update('erin', hook.webhookId, (c) => {
        const { disabledReason: _r, ...rest } = c;
        return { ...rest, enabled: true, disabledReason: undefined };
      });
      expect(enabled).toMatchObject({ ...cleared, version: 2 });
      expect(await webhooks.get('erin', hook.webhookId)).not.toHaveProperty('disabledReason');
    });

    it('deletes', async () => {
      const hook = webhook('frank');
      await webhooks.create(hook);
      await webhooks.delete('frank', hook.webhookId);
      expect(await webhooks.get('frank', hook.webhookId)).toBeUndefined();
      await webhooks.delete('frank', hook.webhookId);
    });
  });

  describe('DynamoDeliveryLog', () => {
    it('creates once per id', async () => {
      const d = delivery(unique('wh_'), 1, future());
      expect(await deliveries.create(d)).toBe(true);
      expect(await deliveries.create({ ...d, attempts: 9 })).toBe(false);
      expect(await deliveries.get(d.webhookId, d.deliveryId)).toEqual(d);
    });

    it('patches fields, removes ones given as undefined, and answers undefined when missing', async () => {
      const d = delivery(unique('wh_'), 1, future());
      await deliveries.create(d);
      const retrying = await deliveries.update(d.webhookId, d.deliveryId, {
        status: 'RETRYING',
        attempts: 1,
        lastStatusCode: 500,
        lastError: 'receiver answered HTTP 500',
        nextAttemptAt: '2030-01-01T00:00:00.000Z',
      });
      expect(retrying).toMatchObject({ status: 'RETRYING', attempts: 1, lastStatusCode: 500 });
      expect(retrying?.updatedAt).not.toBe(undefined);
      const delivered = await deliveries.update(d.webhookId, d.deliveryId, {
        status: 'DELIVERED',
        attempts: 2,
        nextAttemptAt: undefined,
        lastStatusCode: 200,
        durationMs: 12,
      });
      expect(delivered).toMatchObject({ status: 'DELIVERED', attempts: 2, durationMs: 12 });
      expect(delivered).not.toHaveProperty('nextAttemptAt');
      expect(delivered?.event).toEqual(d.event);
      expect(
        await deliveries.update(d.webhookId, 'dlv_missing', { status: 'FAILED' }),
      ).toBeUndefined();
      expect(await deliveries.get(d.webhookId, 'dlv_missing')).toBeUndefined();
    });

    it('lists newest first, page by page, with a strict cursor', async () => {
      const webhookId = unique('wh_');
      for (let n = 1; n <= 5; n++) await deliveries.create(delivery(webhookId, n, future()));
      await deliveries.create(delivery(unique('wh_'), 9, future()));
      const first = await deliveries.list(webhookId, { limit: 2 });
      expect(first.items.map((d) => d.deliveryId.slice(-1))).toEqual(['5', '4']);
      expect(first.nextCursor).toBeDefined();
      const second = await deliveries.list(webhookId, { limit: 2, cursor: first.nextCursor });
      expect(second.items.map((d) => d.deliveryId.slice(-1))).toEqual(['3', '2']);
      const third = await deliveries.list(webhookId, { limit: 2, cursor: second.nextCursor });
      expect(third.items.map((d) => d.deliveryId.slice(-1))).toEqual(['1']);
      expect(third.nextCursor).toBeUndefined();

      expect(await deliveries.list(unique('wh_'), { limit: 1 })).toEqual({
        items: [],
        nextCursor: undefined,
      });
      // Another webhook's cursor, or a forged one, is a 400 naming `cursor`.
      for (const forged of [
        Buffer.from(JSON.stringify({ PK: 'WEBHOOK#other', SK: 'DELIVERY#x' })).toString(
          'base64url',
        ),
        Buffer.from(JSON.stringify({ PK: `WEBHOOK#${webhookId}`, SK: 'VIDEO#x' })).toString(
          'base64url',
        ),
        Buffer.from(
          JSON.stringify({ PK: `WEBHOOK#${webhookId}`, SK: 'DELIVERY#x', extra: 1 }),
        ).toString('base64url'),
        'not-json',
      ]) {
        const error = await deliveries
          .list(webhookId, { limit: 2, cursor: forged })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ValidationError);
        expect((error as ValidationError).field).toBe('cursor');
      }
    });

    it('hides expired deliveries the TTL has not removed yet', async () => {
      const webhookId = unique('wh_');
      await deliveries.create(delivery(webhookId, 1, future()));
      await deliveries.create(delivery(webhookId, 2, past()));
      await deliveries.create(delivery(webhookId, 3, past()));
      await deliveries.create(delivery(webhookId, 4, future()));
      const page = await deliveries.list(webhookId, { limit: 2 });
      expect(page.items.map((d) => d.deliveryId.slice(-1))).toEqual(['4', '1']);
      const expired = delivery(webhookId, 2, past());
      expect(await deliveries.get(webhookId, expired.deliveryId)).toBeUndefined();
      expect(
        await deliveries.update(webhookId, expired.deliveryId, { status: 'FAILED' }),
      ).toBeUndefined();
      // An expired leftover does not block writing the id afresh.
      expect(await deliveries.create({ ...expired, expiresAtEpoch: future() })).toBe(true);
      expect(await deliveries.get(webhookId, expired.deliveryId)).toBeDefined();
    });
  });
});
