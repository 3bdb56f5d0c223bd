import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import {
  DynamoDeliveryLog,
  awsEnvShape,
  createDynamoDocumentClient,
  toAwsSettings,
} from '@videoforge/adapters';
import { DELIVERY_RETENTION_SECONDS, deliveryIdOf, newEventId } from '@videoforge/core';
import { listRoutes } from '@videoforge/http';
import { ApiClient } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { expiredToken, otherPoolToken } from './tokens.ts';
import { newUser, type ErrorJson } from './support.ts';

/**
 * Every route of the api and the admin service, called by each kind of caller, with the status
 * each must get. A route that exists but is missing here fails the suite, so new routes come with
 * their row.
 */

const CALLERS = [
  'no token',
  'expired token',
  'other pool',
  'user',
  'another user',
  'admin',
] as const;
type Caller = (typeof CALLERS)[number];
type Expected = Record<Caller, number>;

interface Context {
  pipeline: Pipeline;
  tokens: Record<Caller, string | undefined>;
  owner: ApiClient & { userId: string };
  ownerEmail: string;
  refreshToken: string;
  /** A video of `owner`, never uploaded (PENDING_UPLOAD). */
  videoId: string;
  /** A video of `owner` big enough for a multipart upload, still open. */
  multipartVideoId: string;
  /** Like `multipartVideoId`, its parts to be signed with their CRC32 checksums. */
  checksumVideoId: string;
  /** A webhook of `owner`, with one delivery in its log. */
  webhookId: string;
  deliveryId: string;
}

interface Row {
  service: 'api' | 'admin';
  method: string;
  /** The route template, as the app registers it. */
  route: string;
  request(ctx: Context, caller: Caller): Promise<{ path: string; body?: unknown }>;
  expect: Expected;
}

const PASSWORD = 'Passw0rd!-long';
const same = (status: number): Expected =>
  Object.fromEntries(CALLERS.map((c) => [c, status])) as Expected;
const signedIn = (ok: number): Expected => ({
  'no token': 401,
  'expired token': 401,
  'other pool': 401,
  user: ok,
  'another user': ok,
  admin: ok,
});
/** Videos are private to their owner: everyone else, admins included, is told there is none. */
const ownerOnly = (ok: number): Expected => ({ ...signedIn(ok), 'another user': 404, admin: 404 });
const adminOnly = (ok: number): Expected => ({ ...signedIn(ok), user: 403, 'another user': 403 });
const at = (path: string, body?: unknown) => async () => ({ path, body });
const newVideoBody = { title: 't', filename: 'a.mp4', contentType: 'video/mp4', sizeBytes: 1000 };
/** Over the multipart threshold (100 MiB by default): the upload is planned in parts. */
const multipartBody = { ...newVideoBody, sizeBytes: 200 * 1024 * 1024 };
const checksumBody = { ...multipartBody, checksumAlgorithm: 'CRC32' };
/** Local mode: a receiver on the loopback may be registered. */
const webhookBody = { url: 'http://127.0.0.1:9/hook', events: ['video.ready'] };
let signups = 0;

const ROWS: Row[] = [
  // api: public
  { service: 'api', method: 'GET', route: '/healthz', request: at('/healthz'), expect: same(200) },
  { service: 'api', method: 'GET', route: '/readyz', request: at('/readyz'), expect: same(200) },
  { service: 'api', method: 'GET', route: '/metrics', request: at('/metrics'), expect: same(200) },
  {
    service: 'api',
    method: 'POST',
    route: '/api/auth/signup',
    request: async () => ({
      path: '/api/auth/signup',
      body: { email: `matrix-signup-${++signups}-${Date.now()}@example.com`, password: PASSWORD },
    }),
    expect: same(201),
  },
  // A public route: the (invalid) body decides, never the token.
  {
    service: 'api',
    method: 'POST',
    route: '/api/auth/confirm',
    request: at('/api/auth/confirm', {}),
    expect: same(400),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/auth/login',
    request: async (ctx) => ({
      path: '/api/auth/login',
      body: { email: ctx.ownerEmail, password: PASSWORD },
    }),
    expect: same(200),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/auth/refresh',
    request: async (ctx) => ({
      path: '/api/auth/refresh',
      body: { refreshToken: ctx.refreshToken },
    }),
    expect: same(200),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/auth/logout',
    // No refresh token in the body or a cookie: nothing to revoke, the cookie is cleared anyway.
    request: at('/api/auth/logout', {}),
    expect: same(204),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/auth/forgot-password',
    request: at('/api/auth/forgot-password', { email: 'nobody@example.com' }),
    expect: same(202),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/auth/reset-password',
    request: at('/api/auth/reset-password', {
      email: 'nobody@example.com',
      code: '123456',
      password: PASSWORD,
    }),
    expect: same(400),
  },
  // The contracts describe routes and grant nothing: public.
  {
    service: 'api',
    method: 'GET',
    route: '/api/openapi.json',
    request: at('/api/openapi.json'),
    expect: same(200),
  },
  {
    service: 'admin',
    method: 'GET',
    route: '/api/admin/openapi.json',
    request: at('/api/admin/openapi.json'),
    expect: same(200),
  },
  // HLS playlists are authorised by the signed link, not the bearer token.
  {
    service: 'api',
    method: 'GET',
    route: '/api/playback/hls/:token/master.m3u8',
    request: at('/api/playback/hls/not-a-signed-link/master.m3u8'),
    expect: same(403),
  },
  {
    service: 'api',
    method: 'GET',
    route: '/api/playback/hls/:token/:rung/playlist.m3u8',
    request: at('/api/playback/hls/not-a-signed-link/720p/playlist.m3u8'),
    expect: same(403),
  },
  // api: signed in
  {
    service: 'api',
    method: 'GET',
    route: '/api/me',
    request: at('/api/me'),
    expect: signedIn(200),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/videos',
    request: at('/api/videos', newVideoBody),
    expect: signedIn(201),
  },
  {
    service: 'api',
    method: 'GET',
    route: '/api/videos',
    request: at('/api/videos'),
    expect: signedIn(200),
  },
  // api: the owner's video
  {
    service: 'api',
    method: 'GET',
    route: '/api/videos/:id',
    request: async (ctx) => ({ path: `/api/videos/${ctx.videoId}` }),
    expect: ownerOnly(200),
  },
  {
    service: 'api',
    method: 'PATCH',
    route: '/api/videos/:id',
    request: async (ctx) => ({
      path: `/api/videos/${ctx.videoId}`,
      body: { title: 'renamed by owner' },
    }),
    expect: ownerOnly(200),
  },
  {
    service: 'api',
    method: 'DELETE',
    route: '/api/videos/:id',
    // The owner deletes a video of its own made for the purpose; the others aim at the shared one.
    request: async (ctx, caller) => ({
      path: `/api/videos/${caller === 'user' ? await ownerVideo(ctx) : ctx.videoId}`,
    }),
    expect: ownerOnly(204),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/videos/:id/renditions',
    request: async (ctx) => ({
      path: `/api/videos/${ctx.videoId}/renditions`,
      body: { quality: '480p' },
    }),
    // The owner gets past authorization to the state check: nothing is uploaded yet.
    expect: ownerOnly(409),
  },
  // api: the owner's open multipart upload
  {
    service: 'api',
    method: 'GET',
    route: '/api/videos/:id/upload',
    request: async (ctx) => ({ path: `/api/videos/${ctx.multipartVideoId}/upload` }),
    expect: ownerOnly(200),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/videos/:id/upload/parts',
    request: async (ctx) => ({
      path: `/api/videos/${ctx.checksumVideoId}/upload/parts`,
      body: { parts: [{ partNumber: 1, checksumCRC32: 'AAAAAA==' }] },
    }),
    expect: ownerOnly(200),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/videos/:id/upload/complete',
    request: async (ctx) => ({ path: `/api/videos/${ctx.multipartVideoId}/upload/complete` }),
    // The owner gets past authorization to the state check: no part is uploaded yet.
    expect: ownerOnly(409),
  },
  {
    service: 'api',
    method: 'DELETE',
    route: '/api/videos/:id/upload',
    request: async (ctx, caller) => ({
      path: `/api/videos/${caller === 'user' ? await ownerVideo(ctx, multipartBody) : ctx.multipartVideoId}/upload`,
    }),
    expect: ownerOnly(204),
  },
  {
    service: 'api',
    method: 'GET',
    route: '/api/videos/:id/playback',
    request: async (ctx) => ({ path: `/api/videos/${ctx.videoId}/playback?quality=720p` }),
    expect: ownerOnly(409),
  },
  // api: webhooks, each the caller's own
  {
    service: 'api',
    method: 'POST',
    route: '/api/webhooks',
    request: at('/api/webhooks', webhookBody),
    expect: signedIn(201),
  },
  {
    service: 'api',
    method: 'GET',
    route: '/api/webhooks',
    request: at('/api/webhooks'),
    expect: signedIn(200),
  },
  {
    service: 'api',
    method: 'GET',
    route: '/api/webhooks/:id',
    request: async (ctx) => ({ path: `/api/webhooks/${ctx.webhookId}` }),
    expect: ownerOnly(200),
  },
  {
    service: 'api',
    method: 'PATCH',
    route: '/api/webhooks/:id',
    request: async (ctx) => ({
      path: `/api/webhooks/${ctx.webhookId}`,
      body: { description: 'renamed by owner' },
    }),
    expect: ownerOnly(200),
  },
  {
    service: 'api',
    method: 'DELETE',
    route: '/api/webhooks/:id',
    request: async (ctx, caller) => ({
      path: `/api/webhooks/${caller === 'user' ? await ownerWebhook(ctx) : ctx.webhookId}`,
    }),
    expect: ownerOnly(204),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/webhooks/:id/rotate-secret',
    request: async (ctx) => ({ path: `/api/webhooks/${ctx.webhookId}/rotate-secret` }),
    expect: ownerOnly(200),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/webhooks/:id/test',
    request: async (ctx) => ({ path: `/api/webhooks/${ctx.webhookId}/test` }),
    expect: ownerOnly(202),
  },
  {
    service: 'api',
    method: 'GET',
    route: '/api/webhooks/:id/deliveries',
    request: async (ctx) => ({ path: `/api/webhooks/${ctx.webhookId}/deliveries` }),
    expect: ownerOnly(200),
  },
  {
    service: 'api',
    method: 'POST',
    route: '/api/webhooks/:id/deliveries/:deliveryId/redeliver',
    request: async (ctx) => ({
      path: `/api/webhooks/${ctx.webhookId}/deliveries/${ctx.deliveryId}/redeliver`,
    }),
    expect: ownerOnly(202),
  },
  // admin: public probes
  {
    service: 'admin',
    method: 'GET',
    route: '/healthz',
    request: at('/healthz'),
    expect: same(200),
  },
  { service: 'admin', method: 'GET', route: '/readyz', request: at('/readyz'), expect: same(200) },
  {
    service: 'admin',
    method: 'GET',
    route: '/metrics',
    request: at('/metrics'),
    expect: same(200),
  },
  // admin: the admin group only
  {
    service: 'admin',
    method: 'GET',
    route: '/api/admin/users',
    request: at('/api/admin/users'),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    method: 'GET',
    route: '/api/admin/videos',
    request: at('/api/admin/videos?status=PENDING_UPLOAD'),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    method: 'GET',
    route: '/api/admin/stats',
    request: at('/api/admin/stats'),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    method: 'GET',
    route: '/api/admin/dlq',
    request: at('/api/admin/dlq'),
    expect: adminOnly(200),
  },
  {
    service: 'admin',
    method: 'POST',
    route: '/api/admin/dlq/redrive',
    request: at('/api/admin/dlq/redrive', { all: true }),
    expect: adminOnly(200),
  },
  // Authorised, then 503: this pipeline runs outside any cluster.
  {
    service: 'admin',
    method: 'GET',
    route: '/api/admin/cluster',
    request: at('/api/admin/cluster'),
    expect: adminOnly(503),
  },
  // Authorised, then 503: this pipeline runs no Redis, so no maintenance.
  {
    service: 'admin',
    method: 'GET',
    route: '/api/admin/maintenance',
    request: at('/api/admin/maintenance'),
    expect: adminOnly(503),
  },
];

const CODES: Record<number, string> = { 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' };

async function ownerWebhook(ctx: Context): Promise<string> {
  const created = await ctx.owner.expect<{ webhook: { id: string } }>(
    201,
    'POST',
    '/api/webhooks',
    webhookBody,
  );
  return created.webhook.id;
}

/** One delivery in the webhook's log, as the events service would have written it. */
async function logDelivery(ctx: Context): Promise<string> {
  const env = ctx.pipeline.stack.env;
  const log = new DynamoDeliveryLog(
    createDynamoDocumentClient(toAwsSettings(z.object(awsEnvShape).parse(env))),
    env.DYNAMODB_TABLE as string,
  );
  const now = new Date();
  const eventId = newEventId(randomUUID());
  await log.create({
    deliveryId: deliveryIdOf(eventId),
    webhookId: ctx.webhookId,
    userId: ctx.owner.userId,
    event: {
      id: eventId,
      type: 'video.ready',
      timestamp: now.toISOString(),
      userId: ctx.owner.userId,
      data: { videoId: ctx.videoId },
    },
    status: 'FAILED',
    attempts: 12,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    expiresAtEpoch: Math.floor(now.getTime() / 1000) + DELIVERY_RETENTION_SECONDS,
  });
  return deliveryIdOf(eventId);
}

async function ownerVideo(ctx: Context, body: object = newVideoBody): Promise<string> {
  const created = await ctx.owner.expect<{ video: { videoId: string } }>(
    201,
    'POST',
    '/api/videos',
    body,
  );
  return created.video.videoId;
}

describe('authorization matrix: every route x every kind of caller', () => {
  const ctx = {} as Context;

  beforeAll(async () => {
    const pipeline = await startPipeline({ transcoder: false });
    ctx.pipeline = pipeline;
    const owner = await newUser(pipeline);
    const other = await newUser(pipeline);
    const admin = new ApiClient(pipeline.api.url);
    await admin.login(pipeline.adminEmail, pipeline.adminPassword);
    ctx.owner = owner;
    ctx.ownerEmail = (await owner.expect<{ email: string }>(200, 'GET', '/api/me')).email;
    const tokens = await new ApiClient(pipeline.api.url).expect<{
      accessToken: string;
      refreshToken: string;
    }>(200, 'POST', '/api/auth/login', { email: ctx.ownerEmail, password: PASSWORD });
    ctx.refreshToken = tokens.refreshToken;
    ctx.videoId = await ownerVideo(ctx);
    ctx.multipartVideoId = await ownerVideo(ctx, multipartBody);
    ctx.checksumVideoId = await ownerVideo(ctx, checksumBody);
    ctx.webhookId = await ownerWebhook(ctx);
    ctx.deliveryId = await logDelivery(ctx);
    ctx.tokens = {
      'no token': undefined,
      'expired token': expiredToken(owner.token as string),
      'other pool': otherPoolToken(admin.token as string),
      user: owner.token,
      'another user': other.token,
      admin: admin.token,
    };
  });
  afterAll(async () => {
    await ctx.pipeline?.stop();
  });

  it('covers every route both services serve, and nothing else', () => {
    const served = [
      ...listRoutes(ctx.pipeline.api.app).map((r) => `api ${r.method} ${r.path}`),
      ...listRoutes(ctx.pipeline.admin.app).map((r) => `admin ${r.method} ${r.path}`),
    ].sort();
    const covered = ROWS.map((r) => `${r.service} ${r.method} ${r.route}`).sort();
    expect(covered).toEqual(served);
  });

  const cases = ROWS.flatMap((row) =>
    CALLERS.map((caller) => ({
      name: `${row.service} ${row.method} ${row.route} as ${caller} -> ${row.expect[caller]}`,
      row,
      caller,
    })),
  );

  it.each(cases)('$name', async ({ row, caller }) => {
    const { path, body } = await row.request(ctx, caller);
    const base = row.service === 'api' ? ctx.pipeline.api.url : ctx.pipeline.admin.url;
    const headers: Record<string, string> = {};
    const token = ctx.tokens[caller];
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, {
      method: row.method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    expect(response.status, text).toBe(row.expect[caller]);
    expect(response.headers.get('x-request-id')).toBeTruthy();
    const code = CODES[response.status];
    if (code) {
      const error = JSON.parse(text) as ErrorJson;
      expect(error.error.code).toBe(code);
      expect(error.error.requestId).toBe(response.headers.get('x-request-id'));
    }
  });

  it('left the owner’s video in place: nobody else could change or delete it', async () => {
    const video = await ctx.owner.expect<{ title: string }>(
      200,
      'GET',
      `/api/videos/${ctx.videoId}`,
    );
    expect(video.title).toBe('renamed by owner');
  });
});
