import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Delivery, DeliveryLog, Webhook, WebhookStore } from '@videoforge/core';
import { LOCAL_TARGET_POLICY, PRODUCTION_TARGET_POLICY } from '@videoforge/webhooks';
import { attemptDelivery, type AttemptDeps } from '../../src/delivery/attempt.ts';

class Stores {
  webhook: Webhook;
  delivery: Delivery;

  constructor(
    url: string,
    webhook: Partial<Webhook> = {},
    type: Delivery['event']['type'] = 'video.ready',
  ) {
    const at = '2026-11-30T10:00:00.000Z';
    this.webhook = {
      webhookId: 'wh_1',
      userId: 'u1',
      url,
      events: ['video.ready'],
      description: '',
      enabled: true,
      secrets: [{ value: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', createdAt: at }],
      consecutiveFailures: 0,
      createdAt: at,
      updatedAt: at,
      version: 1,
      ...webhook,
    };
    this.delivery = {
      deliveryId: 'dlv_1',
      webhookId: 'wh_1',
      userId: 'u1',
      event: { id: 'evt_1', type, timestamp: at, userId: 'u1', data: { videoId: 'v1' } },
      status: 'PENDING',
      attempts: 0,
      createdAt: at,
      updatedAt: at,
      expiresAtEpoch: 2_000_000_000,
    };
  }

  deps(policy = LOCAL_TARGET_POLICY, disableAfterFailures = 3): AttemptDeps {
    const webhooks = {
      get: async () => this.webhook,
      update: async (_u: string, _w: string, mutate: (w: Webhook) => Webhook | undefined) => {
        this.webhook = mutate(this.webhook) ?? this.webhook;
        return this.webhook;
      },
    } as unknown as WebhookStore;
    const deliveries = {
      get: async () => this.delivery,
      update: async (_w: string, _d: string, patch: Partial<Delivery>) => {
        this.delivery = { ...this.delivery, ...patch };
        return this.delivery;
      },
    } as unknown as DeliveryLog;
    return {
      webhooks,
      deliveries,
      settings: { timeoutMs: 2_000, disableAfterFailures, policy },
      now: () => new Date('2026-11-30T10:00:05.000Z'),
    };
  }
}

const job = { userId: 'u1', webhookId: 'wh_1', deliveryId: 'dlv_1' };
const plan = (isLast = false) => ({ isLast, retryAt: () => new Date('2026-11-30T10:01:00.000Z') });

describe('one delivery attempt', () => {
  let server: Server;
  let url: string;
  let status = 500;
  let hits = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.writeHead(status).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('records a failure for a retry with its next attempt, then a success that resets the run', async () => {
    const stores = new Stores(url);
    status = 500;
    expect(await attemptDelivery(stores.deps(), job, plan())).toMatchObject({ kind: 'retry' });
    expect(stores.delivery).toMatchObject({
      status: 'RETRYING',
      attempts: 1,
      lastStatusCode: 500,
      nextAttemptAt: '2026-11-30T10:01:00.000Z',
    });
    expect(stores.webhook.consecutiveFailures).toBe(1);

    status = 204;
    expect(await attemptDelivery(stores.deps(), job, plan())).toMatchObject({ kind: 'delivered' });
    expect(stores.delivery).toMatchObject({
      status: 'DELIVERED',
      attempts: 2,
      lastStatusCode: 204,
    });
    expect(stores.delivery.nextAttemptAt).toBeUndefined();
    expect(stores.webhook.consecutiveFailures).toBe(0);
  });

  it('turns the endpoint off after the configured run of failures, and says so in the log', async () => {
    const stores = new Stores(url, { consecutiveFailures: 2 });
    status = 500;
    const outcome = await attemptDelivery(stores.deps(LOCAL_TARGET_POLICY, 3), job, plan());
    expect(outcome).toMatchObject({ kind: 'failed' });
    expect(stores.webhook).toMatchObject({ enabled: false, consecutiveFailures: 3 });
    expect(stores.webhook.disabledReason).toBe(
      'endpoint disabled after 3 failed attempts in a row',
    );
    expect(stores.delivery.status).toBe('FAILED');
    expect(stores.delivery.lastError).toContain(
      'endpoint disabled after 3 failed attempts in a row',
    );

    // The next delivery to it is not attempted at all.
    const before = hits;
    const next = await attemptDelivery(stores.deps(), job, plan());
    expect(next).toMatchObject({
      kind: 'failed',
      error: expect.stringContaining('webhook disabled'),
    });
    expect(hits).toBe(before);
  });

  it('still sends a test event to a disabled endpoint (how its owner checks a fixed receiver)', async () => {
    const stores = new Stores(url, { enabled: false, disabledReason: 'x' }, 'webhook.test');
    status = 200;
    expect(await attemptDelivery(stores.deps(), job, plan())).toMatchObject({ kind: 'delivered' });
  });

  it('refuses, at delivery time, a loopback receiver under the production policy, without connecting', async () => {
    const stores = new Stores(url);
    const before = hits;
    const outcome = await attemptDelivery(stores.deps(PRODUCTION_TARGET_POLICY), job, plan(true));
    expect(outcome).toMatchObject({ kind: 'failed', error: expect.stringMatching(/loopback/) });
    expect(hits).toBe(before);
    expect(stores.delivery).toMatchObject({ status: 'FAILED', attempts: 1 });
  });
});
