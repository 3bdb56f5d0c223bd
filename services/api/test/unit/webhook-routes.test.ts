import { afterEach, describe, expect, it } from 'vitest';
import { createServiceApp, listen, type Listening } from '@videoforge/http';
import { createLogger, createMetricsRegistry } from '@videoforge/platform';
import { webhookRoutes } from '../../src/routes/webhook-routes.ts';
import { deliveryOf, webhookFixture } from './webhook-fakes.ts';

let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Whatever a route answered, typed loosely: each test reads the fields its route returns. */
interface Reply {
  webhook: { id: string } & Record<string, unknown>;
  secret: string;
  eventId: string;
  items: unknown[];
  nextCursor: string | null;
  enabled: boolean;
  error: { code: string; message: string; field?: string };
}

/** The webhook routes in the service frame (error mapper included); `x-user` stands for a token. */
async function serve() {
  const fixture = webhookFixture();
  const app = createServiceApp(
    {
      logger: createLogger('api', 'silent'),
      registry: createMetricsRegistry('api'),
      http: {
        port: 0,
        host: '127.0.0.1',
        corsOrigins: [],
        writeLimit: { limit: 1000, windowSeconds: 60 },
        trustedProxyHops: 0,
        drainSeconds: 0,
      },
      readiness: [],
    },
    (a) => {
      a.use('/api', (req, res, next) => {
        res.locals.principal = { userId: req.get('x-user') ?? 'alice', groups: [] };
        next();
      });
      a.use('/api/webhooks', webhookRoutes(fixture.service));
    },
  );
  server = await listen(app, { port: 0, host: '127.0.0.1' });
  const base = server.url;
  const call = async (method: string, path: string, body?: unknown, user = 'alice') => {
    const response = await fetch(`${base}/api/webhooks${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-user': user },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as Reply };
  };
  return { ...fixture, call };
}

const valid = { url: 'https://hooks.example.com/in', events: ['video.ready', 'video.failed'] };

describe('the webhook routes', () => {
  it('POST answers 201 with the view and the secret; views never show secrets', async () => {
    const api = await serve();
    const created = await api.call('POST', '/', { ...valid, description: 'mine' });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body.webhook).sort()).toEqual(
      ['createdAt', 'description', 'enabled', 'events', 'id', 'url'].sort(),
    );
    expect(created.body.webhook).toMatchObject({ ...valid, description: 'mine', enabled: true });
    expect(created.body.secret).toMatch(/^whsec_/);
    const listed = await api.call('GET', '/');
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([created.body.webhook]);
    const one = await api.call('GET', `/${created.body.webhook.id}`);
    expect(one.body).toEqual(created.body.webhook);
    for (const text of [JSON.stringify(listed.body), JSON.stringify(one.body)]) {
      expect(text).not.toContain('whsec_');
      expect(text).not.toContain('secrets');
    }
  });

  it.each([
    [{ ...valid, events: [] }, 'events'],
    [{ ...valid, events: ['webhook.test'] }, 'events.0'],
    [{ ...valid, events: ['video.exploded'] }, 'events.0'],
    [{ events: valid.events }, 'url'],
    [{ ...valid, url: 'ftp://example.com/' }, 'url'],
    [{ ...valid, url: 'http://169.254.169.254/' }, 'url'],
    [{ ...valid, secret: 'mine' }, 'secret'],
  ])('POST %j is a 400 naming %s', async (body, field) => {
    const api = await serve();
    const response = await api.call('POST', '/', body);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(JSON.stringify(response.body)).not.toMatch(/\bat \w+ \(/);
  });

  it("another user's webhook is a 404; a malformed id a 400", async () => {
    const api = await serve();
    const { body } = await api.call('POST', '/', valid, 'bob');
    const id = body.webhook.id as string;
    for (const [method, path] of [
      ['GET', `/${id}`],
      ['DELETE', `/${id}`],
      ['PATCH', `/${id}`],
      ['POST', `/${id}/rotate-secret`],
      ['POST', `/${id}/test`],
      ['GET', `/${id}/deliveries`],
      ['POST', `/${id}/deliveries/dlv_${'0'.repeat(31)}1/redeliver`],
    ] as const) {
      const response = await api.call(
        method,
        path,
        method === 'PATCH' ? { enabled: true } : undefined,
      );
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    expect((await api.call('GET', '/', undefined, 'alice')).body.items).toEqual([]);
    expect((await api.call('GET', '/not-an-id')).status).toBe(400);
  });

  it('rotate answers 200 {secret}; test 202 {eventId}; delete 204', async () => {
    const api = await serve();
    const { body } = await api.call('POST', '/', valid);
    const id = body.webhook.id as string;
    const rotated = await api.call('POST', `/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(body.secret);
    const test = await api.call('POST', `/${id}/test`);
    expect(test.status).toBe(202);
    expect(test.body.eventId).toMatch(/^evt_/);
    expect(api.outbox.entries).toHaveLength(1);
    expect((await api.call('DELETE', `/${id}`)).status).toBe(204);
    expect((await api.call('GET', `/${id}`)).status).toBe(404);
  });

  it('PATCH re-enables and validates', async () => {
    const api = await serve();
    const { body } = await api.call('POST', '/', valid);
    const id = body.webhook.id as string;
    expect((await api.call('PATCH', `/${id}`, {})).status).toBe(400);
    const disabled = await api.call('PATCH', `/${id}`, { enabled: false });
    expect(disabled.body.enabled).toBe(false);
    const enabled = await api.call('PATCH', `/${id}`, { enabled: true, events: ['video.deleted'] });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, events: ['video.deleted'] });
  });

  it('lists deliveries in the SPEC shape and redelivers with 202', async () => {
    const api = await serve();
    const { body } = await api.call('POST', '/', valid);
    const id = body.webhook.id as string;
    const webhook = (await api.webhooks.get('alice', id))!;
    const failed = deliveryOf(webhook, 1);
    await api.deliveries.create(failed);
    await api.deliveries.create(
      deliveryOf(webhook, 2, {
        status: 'DELIVERED',
        lastError: undefined,
        lastStatusCode: 200,
        durationMs: 40,
      }),
    );
    const page = await api.call('GET', `/${id}/deliveries?limit=1`);
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([
      {
        id: `dlv_${'0'.repeat(31)}2`,
        event: 'video.ready',
        status: 'DELIVERED',
        attempts: 8,
        lastStatusCode: 200,
        lastError: null,
        nextAttemptAt: null,
        durationMs: 40,
        createdAt: '2030-01-01T00:00:00.000Z',
      },
    ]);
    expect(typeof page.body.nextCursor).toBe('string');
    expect((await api.call('GET', `/${id}/deliveries?limit=0`)).status).toBe(400);
    const redelivered = await api.call('POST', `/${id}/deliveries/${failed.deliveryId}/redeliver`);
    expect(redelivered.status).toBe(202);
    expect((await api.deliveries.get(id, failed.deliveryId))?.status).toBe('PENDING');
    const unknown = await api.call('POST', `/${id}/deliveries/dlv_${'f'.repeat(32)}/redeliver`);
    expect(unknown.status).toBe(404);
    expect((await api.call('POST', `/${id}/deliveries/nope/redeliver`)).status).toBe(400);
  });
});
