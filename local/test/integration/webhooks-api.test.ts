import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  DynamoDeliveryLog,
  DynamoEventOutbox,
  DynamoVideoRepository,
  awsEnvShape,
  createDynamoDocumentClient,
  toAwsSettings,
} from '@videoforge/adapters';
import { loadApiConfig, startApi, type RunningApi } from '@videoforge/api';
import {
  DELIVERY_RETENTION_SECONDS,
  deliveryIdOf,
  newEventId,
  type Delivery,
} from '@videoforge/core';
import { ApiClient } from '@videoforge/testkit';
import { PRODUCTION_TARGET_POLICY } from '@videoforge/webhooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { testLogger } from './helpers.ts';
import { newUser, type ErrorJson } from './support.ts';

interface WebhookJson {
  id: string;
  url: string;
  events: string[];
  description: string;
  enabled: boolean;
  createdAt: string;
}
interface Created {
  webhook: WebhookJson;
  secret: string;
}

const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;
const LOOPBACK_HOOK = 'http://127.0.0.1:9/hook';

describe('the webhook API over HTTP against the emulators', () => {
  let pipeline: Pipeline;
  /** The same api with the production target policy (the pipeline runs in local mode). */
  let production: RunningApi;
  let documents: DynamoDBDocumentClient;
  let outbox: DynamoEventOutbox;
  let deliveries: DynamoDeliveryLog;

  beforeAll(async () => {
    pipeline = await startPipeline({ transcoder: false, memcached: false });
    const config = loadApiConfig({ ...pipeline.stack.env, PORT: '0', HOST: '127.0.0.1' });
    expect(config.webhooks.targetPolicy).toEqual({ allowLoopback: true, allowPrivate: true });
    production = await startApi(
      { ...config, webhooks: { ...config.webhooks, targetPolicy: PRODUCTION_TARGET_POLICY } },
      testLogger(),
    );
    const table = pipeline.stack.env.DYNAMODB_TABLE as string;
    documents = createDynamoDocumentClient(
      toAwsSettings(z.object(awsEnvShape).parse(pipeline.stack.env)),
    );
    outbox = new DynamoEventOutbox(documents, table, new DynamoVideoRepository(documents, table));
    deliveries = new DynamoDeliveryLog(documents, table);
  });
  afterAll(async () => {
    await production?.close();
    documents?.destroy();
    await pipeline?.stop();
  });

  /** The same user, talking to the production-policy api. */
  const onProduction = (user: ApiClient) => new ApiClient(production.url, user.token);

  it('registers a webhook: 201, the view and a whsec_ secret shown once', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<Created>(201, 'POST', '/api/webhooks', {
      url: LOOPBACK_HOOK,
      events: ['video.ready', 'rendition.failed'],
      description: 'local receiver',
    });
    expect(created.secret).toMatch(SECRET);
    expect(created.webhook).toMatchObject({
      url: LOOPBACK_HOOK,
      events: ['rendition.failed', 'video.ready'],
      description: 'local receiver',
      enabled: true,
    });
    expect(created.webhook.id).toMatch(/^wh_[0-9a-f]{32}$/);

    const listed = await user.expect<{ items: WebhookJson[] }>(200, 'GET', '/api/webhooks');
    expect(listed.items).toEqual([created.webhook]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(created.secret);
    expect(text).not.toContain('whsec_');
    expect(text).not.toContain('secrets');
  });

  it('refuses a link-local URL in every mode, naming the field url', async () => {
    const user = await newUser(pipeline);
    for (const client of [user, onProduction(user)]) {
      for (const url of ['http://169.254.169.254/latest/meta-data/', 'http://[fe80::1]/hook']) {
        const response = await client.request<ErrorJson>('POST', '/api/webhooks', {
          url,
          events: ['video.ready'],
        });
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'url' });
        expect(response.body.error.message).toMatch(/link-local/);
      }
    }
    expect(
      (await user.expect<{ items: unknown[] }>(200, 'GET', '/api/webhooks')).items,
    ).toHaveLength(0);
  });

  it('refuses a loopback URL outside local mode and accepts it in local mode', async () => {
    const user = await newUser(pipeline);
    const body = { url: LOOPBACK_HOOK, events: ['video.ready'] };
    const refused = await onProduction(user).request<ErrorJson>('POST', '/api/webhooks', body);
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'url',
      message: 'url: refused: 127.0.0.1 is a loopback address',
    });
    const viaName = await onProduction(user).request<ErrorJson>('POST', '/api/webhooks', {
      ...body,
      url: 'http://localhost:9/hook',
    });
    expect(viaName.status).toBe(400);
    expect(viaName.body.error.message).toMatch(/loopback address \(localhost resolves to it\)/);
    await user.expect(201, 'POST', '/api/webhooks', body);
  });

  it('rotates the secret: a new one, different from the first', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<Created>(201, 'POST', '/api/webhooks', {
      url: LOOPBACK_HOOK,
      events: ['video.ready'],
    });
    const rotated = await user.expect<{ secret: string }>(
      200,
      'POST',
      `/api/webhooks/${created.webhook.id}/rotate-secret`,
    );
    expect(rotated.secret).toMatch(SECRET);
    expect(rotated.secret).not.toBe(created.secret);
  });

  it('test: 202 and a webhook.test event waiting in the outbox', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<Created>(201, 'POST', '/api/webhooks', {
      url: LOOPBACK_HOOK,
      events: ['video.ready'],
    });
    const { eventId } = await user.expect<{ eventId: string }>(
      202,
      'POST',
      `/api/webhooks/${created.webhook.id}/test`,
    );
    const entry = (await outbox.pending(100)).find(
      (e) => e.kind === 'event' && e.event.id === eventId,
    );
    expect(entry).toMatchObject({
      kind: 'event',
      event: {
        id: eventId,
        type: 'webhook.test',
        userId: user.userId,
        webhookId: created.webhook.id,
        data: { webhookId: created.webhook.id, message: 'test event' },
      },
    });
  });

  it('lists deliveries and redelivers one: PENDING again and a request in the outbox', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<Created>(201, 'POST', '/api/webhooks', {
      url: LOOPBACK_HOOK,
      events: ['video.ready'],
    });
    const webhookId = created.webhook.id;
    const eventId = newEventId(crypto.randomUUID());
    const now = new Date().toISOString();
    const failed: Delivery = {
      deliveryId: deliveryIdOf(eventId),
      webhookId,
      userId: user.userId,
      event: {
        id: eventId,
        type: 'video.ready',
        timestamp: now,
        userId: user.userId,
        data: { videoId: 'v1' },
      },
      status: 'FAILED',
      attempts: 8,
      lastStatusCode: 503,
      lastError: 'receiver answered HTTP 503',
      createdAt: now,
      updatedAt: now,
      expiresAtEpoch: Math.floor(Date.now() / 1000) + DELIVERY_RETENTION_SECONDS,
    };
    await deliveries.create(failed);
    const page = await user.expect<{ items: unknown[]; nextCursor: string | null }>(
      200,
      'GET',
      `/api/webhooks/${webhookId}/deliveries?limit=10`,
    );
    expect(page).toEqual({
      items: [
        {
          id: failed.deliveryId,
          event: 'video.ready',
          status: 'FAILED',
          attempts: 8,
          lastStatusCode: 503,
          lastError: 'receiver answered HTTP 503',
          nextAttemptAt: null,
          durationMs: null,
          createdAt: now,
        },
      ],
      nextCursor: null,
    });
    await user.expect(
      202,
      'POST',
      `/api/webhooks/${webhookId}/deliveries/${failed.deliveryId}/redeliver`,
    );
    expect((await deliveries.get(webhookId, failed.deliveryId))?.status).toBe('PENDING');
    expect(await outbox.pending(100)).toContainEqual(
      expect.objectContaining({
        kind: 'redeliver',
        userId: user.userId,
        webhookId,
        deliveryId: failed.deliveryId,
      }),
    );
    const unknown = await user.request<ErrorJson>(
      'POST',
      `/api/webhooks/${webhookId}/deliveries/dlv_${'0'.repeat(32)}/redeliver`,
    );
    expect(unknown.status).toBe(404);
  });

  it("another user's webhook is a 404 on every route", async () => {
    const owner = await newUser(pipeline);
    const stranger = await newUser(pipeline);
    const created = await owner.expect<Created>(201, 'POST', '/api/webhooks', {
      url: LOOPBACK_HOOK,
      events: ['video.ready'],
    });
    const id = created.webhook.id;
    for (const [method, path] of [
      ['GET', `/api/webhooks/${id}`],
      ['PATCH', `/api/webhooks/${id}`],
      ['DELETE', `/api/webhooks/${id}`],
      ['POST', `/api/webhooks/${id}/rotate-secret`],
      ['POST', `/api/webhooks/${id}/test`],
      ['GET', `/api/webhooks/${id}/deliveries`],
    ] as const) {
      const response = await stranger.request<ErrorJson>(
        method,
        path,
        method === 'PATCH' ? { enabled: false } : undefined,
      );
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    expect(
      (await stranger.expect<{ items: unknown[] }>(200, 'GET', '/api/webhooks')).items,
    ).toEqual([]);
    // The owner's webhook is untouched, and the owner may delete it.
    expect((await owner.expect<WebhookJson>(200, 'GET', `/api/webhooks/${id}`)).enabled).toBe(true);
    await owner.expect(204, 'DELETE', `/api/webhooks/${id}`);
    expect((await owner.request('GET', `/api/webhooks/${id}`)).status).toBe(404);
  });
});
