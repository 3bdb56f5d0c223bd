import { describe, expect, it } from 'vitest';
import {
  NotFoundError,
  QuotaExceededError,
  ValidationError,
  activeSecrets,
} from '@videoforge/core';
import { PRODUCTION_TARGET_POLICY, type LookupAll } from '@videoforge/webhooks';
import { deliveryOf, webhookFixture } from './webhook-fakes.ts';

const input = { url: 'https://hooks.example.com/in', events: ['video.ready' as const] };
const SECRET = /^whsec_[A-Za-z0-9+/]{43}=$/;

async function validationOf(promise: Promise<unknown>): Promise<ValidationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('WebhookService.create', () => {
  it('stores the webhook with its secret and returns the secret once', async () => {
    const { service, webhooks } = webhookFixture();
    const { webhook, secret } = await service.create('alice', { ...input, description: 'prod' });
    expect(secret).toMatch(SECRET);
    expect(webhook).toMatchObject({
      userId: 'alice',
      url: input.url,
      events: ['video.ready'],
      description: 'prod',
      enabled: true,
      consecutiveFailures: 0,
      version: 1,
    });
    expect(webhook.webhookId).toMatch(/^wh_[0-9a-f]{32}$/);
    const stored = await webhooks.get('alice', webhook.webhookId);
    expect(stored?.secrets).toEqual([{ value: secret, createdAt: webhook.createdAt }]);
  });

  it('refuses a link-local target even where loopback and private are allowed', async () => {
    const { service, webhooks } = webhookFixture();
    const error = await validationOf(
      service.create('alice', { ...input, url: 'http://169.254.169.254/latest/meta-data' }),
    );
    expect(error.field).toBe('url');
    expect(error.message).toBe('url: refused: 169.254.169.254 is a link-local address');
    expect(webhooks.items.size).toBe(0);
  });

  it('refuses loopback and private targets under the production policy', async () => {
    const { service } = webhookFixture({ policy: PRODUCTION_TARGET_POLICY });
    expect(
      (await validationOf(service.create('a', { ...input, url: 'http://127.0.0.1:8080/' })))
        .message,
    ).toMatch(/loopback/);
    expect(
      (await validationOf(service.create('a', { ...input, url: 'http://[::1]/' }))).field,
    ).toBe('url');
    expect(
      (await validationOf(service.create('a', { ...input, url: 'http://10.0.0.8/' }))).message,
    ).toMatch(/private/);
  });

  it('resolves a host name and refuses it when any address is refused', async () => {
    const toPrivate: LookupAll = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '192.168.0.10', family: 4 },
    ];
    const { service } = webhookFixture({ policy: PRODUCTION_TARGET_POLICY, lookup: toPrivate });
    const error = await validationOf(service.create('a', input));
    expect(error.message).toBe(
      'url: refused: 192.168.0.10 is a private address (hooks.example.com resolves to it)',
    );
  });

  it('refuses non-http URLs and credentials in the URL', async () => {
    const { service } = webhookFixture();
    expect(
      (await validationOf(service.create('a', { ...input, url: 'ftp://x.example/' }))).message,
    ).toBe('url: must be an http or https URL');
    expect(
      (await validationOf(service.create('a', { ...input, url: 'https://u:p@x.example/' })))
        .message,
    ).toMatch(/user name or password/);
  });

  it('accepts loopback in local mode', async () => {
    const { service } = webhookFixture();
    const { webhook } = await service.create('a', { ...input, url: 'http://127.0.0.1:9000/hook' });
    expect(webhook.url).toBe('http://127.0.0.1:9000/hook');
  });

  it('caps webhooks per user', async () => {
    const { service } = webhookFixture({ maxPerUser: 2 });
    await service.create('a', input);
    await service.create('a', input);
    await expect(service.create('a', input)).rejects.toBeInstanceOf(QuotaExceededError);
    await expect(service.create('b', input)).resolves.toBeDefined();
  });
});

describe("a user's webhooks", () => {
  it("lists only the caller's, oldest first; another user's id is a 404 everywhere", async () => {
    const { service, advance } = webhookFixture();
    const first = (await service.create('alice', input)).webhook;
    advance(1000);
    const second = (await service.create('alice', input)).webhook;
    const bobs = (await service.create('bob', input)).webhook;
    expect((await service.list('alice')).map((w) => w.webhookId)).toEqual([
      first.webhookId,
      second.webhookId,
    ]);
    const id = bobs.webhookId;
    await expect(service.get('alice', id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.delete('alice', id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.rotateSecret('alice', id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.sendTest('alice', id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(service.update('alice', id, { enabled: false })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(service.listDeliveries('alice', id, { limit: 5 })).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(service.redeliver('alice', id, 'dlv_1')).rejects.toBeInstanceOf(NotFoundError);
    expect(await service.get('bob', id)).toMatchObject({ webhookId: id });
  });

  it('deletes', async () => {
    const { service } = webhookFixture();
    const { webhook } = await service.create('alice', input);
    await service.delete('alice', webhook.webhookId);
    await expect(service.get('alice', webhook.webhookId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('re-enabling resets the failure count and clears the reason', async () => {
    const { service, webhooks } = webhookFixture();
    const { webhook } = await service.create('alice', input);
    await webhooks.update('alice', webhook.webhookId, (c) => ({
      ...c,
      enabled: false,
      consecutiveFailures: 20,
      disabledReason: '20 failed deliveries in a row',
    }));
    const enabled = await service.update('alice', webhook.webhookId, { enabled: true });
    expect(enabled.enabled).toBe(true);
    expect(enabled.consecutiveFailures).toBe(0);
    expect(enabled).not.toHaveProperty('disabledReason');
  });

  it('changes events and description; a new URL is checked again', async () => {
    const { service } = webhookFixture({ policy: PRODUCTION_TARGET_POLICY });
    const { webhook } = await service.create('alice', input);
    const changed = await service.update('alice', webhook.webhookId, {
      events: ['video.ready', 'video.failed'],
      description: 'both',
      enabled: false,
    });
    expect(changed).toMatchObject({
      events: ['video.ready', 'video.failed'],
      description: 'both',
      enabled: false,
    });
    const error = await validationOf(
      service.update('alice', webhook.webhookId, { url: 'http://127.0.0.1/' }),
    );
    expect(error.field).toBe('url');
    expect((await service.get('alice', webhook.webhookId)).url).toBe(input.url);
    const moved = await service.update('alice', webhook.webhookId, {
      url: 'https://new.example/h',
    });
    expect(moved.url).toBe('https://new.example/h');
  });
});

describe('WebhookService.rotateSecret', () => {
  it('puts the new secret first; the previous one signs until the grace period ends', async () => {
    const { service, webhooks, now, advance } = webhookFixture({ graceSeconds: 3600 });
    const { webhook, secret: first } = await service.create('alice', input);
    const second = await service.rotateSecret('alice', webhook.webhookId);
    expect(second).toMatch(SECRET);
    expect(second).not.toBe(first);
    const stored = (await webhooks.get('alice', webhook.webhookId))!;
    expect(stored.secrets.map((s) => s.value)).toEqual([second, first]);
    expect(stored.secrets[0]?.expiresAt).toBeUndefined();
    expect(stored.secrets[1]?.expiresAt).toBe(new Date(now() + 3600_000).toISOString());
    expect(activeSecrets(stored, now()).map((s) => s.value)).toEqual([second, first]);

    advance(3600_000 + 1);
    expect(activeSecrets(stored, now()).map((s) => s.value)).toEqual([second]);
    const third = await service.rotateSecret('alice', webhook.webhookId);
    const after = (await webhooks.get('alice', webhook.webhookId))!;
    // The expired one is dropped.
    expect(after.secrets.map((s) => s.value)).toEqual([third, second]);
  });

  it('keeps at most two previous secrets however often it is rotated', async () => {
    const { service, webhooks } = webhookFixture();
    const { webhook } = await service.create('alice', input);
    const rotated: string[] = [];
    for (let i = 0; i < 5; i++)
      rotated.push(await service.rotateSecret('alice', webhook.webhookId));
    const stored = (await webhooks.get('alice', webhook.webhookId))!;
    expect(stored.secrets.map((s) => s.value)).toEqual(rotated.slice(-3).reverse());
  });

  it('with no grace period the previous secret stops at once', async () => {
    const { service, webhooks, now } = webhookFixture({ graceSeconds: 0 });
    const { webhook } = await service.create('alice', input);
    const fresh = await service.rotateSecret('alice', webhook.webhookId);
    const stored = (await webhooks.get('alice', webhook.webhookId))!;
    expect(activeSecrets(stored, now()).map((s) => s.value)).toEqual([fresh]);
  });
});

describe('WebhookService.sendTest', () => {
  it('writes a webhook.test event for this webhook through the outbox', async () => {
    const { service, outbox, now } = webhookFixture();
    const { webhook } = await service.create('alice', input);
    const eventId = await service.sendTest('alice', webhook.webhookId);
    expect(eventId).toMatch(/^evt_[0-9a-f]{32}$/);
    expect(outbox.entries).toEqual([
      {
        kind: 'event',
        entryId: eventId,
        event: {
          id: eventId,
          type: 'webhook.test',
          timestamp: new Date(now()).toISOString(),
          userId: 'alice',
          webhookId: webhook.webhookId,
          data: { webhookId: webhook.webhookId, message: 'test event' },
        },
      },
    ]);
  });
});

describe('deliveries', () => {
  it("lists a webhook's deliveries", async () => {
    const { service, deliveries } = webhookFixture();
    const { webhook } = await service.create('alice', input);
    for (let n = 1; n <= 3; n++) await deliveries.create(deliveryOf(webhook, n));
    const page = await service.listDeliveries('alice', webhook.webhookId, { limit: 2 });
    expect(page.items.map((d) => d.deliveryId.slice(-1))).toEqual(['3', '2']);
    expect(page.nextCursor).toBeDefined();
  });

  it('redeliver: back to PENDING and a redelivery request in the outbox', async () => {
    const { service, deliveries, outbox } = webhookFixture();
    const { webhook } = await service.create('alice', input);
    const failed = deliveryOf(webhook, 1, { nextAttemptAt: '2030-01-01T00:05:00.000Z' });
    await deliveries.create(failed);
    await service.redeliver('alice', webhook.webhookId, failed.deliveryId);
    const pending = await deliveries.get(webhook.webhookId, failed.deliveryId);
    expect(pending?.status).toBe('PENDING');
    expect(pending).not.toHaveProperty('nextAttemptAt');
    expect(outbox.entries).toEqual([
      {
        kind: 'redeliver',
        entryId: '0',
        userId: 'alice',
        webhookId: webhook.webhookId,
        deliveryId: failed.deliveryId,
      },
    ]);
  });

  it("redeliver: 404 for an unknown id or another webhook's delivery", async () => {
    const { service, deliveries, outbox } = webhookFixture();
    const { webhook } = await service.create('alice', input);
    const { webhook: other } = await service.create('alice', input);
    const elsewhere = deliveryOf(other, 7);
    await deliveries.create(elsewhere);
    await expect(
      service.redeliver('alice', webhook.webhookId, 'dlv_00000000000000000000000000000009'),
    ).rejects.toBeInstanceOf(NotFoundError);
    await expect(
      service.redeliver('alice', webhook.webhookId, elsewhere.deliveryId),
    ).rejects.toBeInstanceOf(NotFoundError);
    expect(outbox.entries).toEqual([]);
  });

  it('redeliver: puts the status back when the outbox cannot take the request', async () => {
    const { service, deliveries, outbox } = webhookFixture();
    const { webhook } = await service.create('alice', input);
    const failed = deliveryOf(webhook, 1);
    await deliveries.create(failed);
    outbox.failNext = true;
    await expect(service.redeliver('alice', webhook.webhookId, failed.deliveryId)).rejects.toThrow(
      /outbox unavailable/,
    );
    expect((await deliveries.get(webhook.webhookId, failed.deliveryId))?.status).toBe('FAILED');
  });
});
