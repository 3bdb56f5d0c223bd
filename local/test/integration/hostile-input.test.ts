import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { LogCapture } from './helpers.ts';
import { adminClient, newUser, type ErrorJson } from './support.ts';
import {
  forgedSignatureToken,
  hmacToken,
  idTokenInstead,
  otherClientToken,
  resignedToken,
  unsignedToken,
} from './tokens.ts';

/**
 * Input an attacker (or a buggy client) would send. Every answer must be a 4xx in the SPEC's error
 * shape: no 5xx, no stack trace, no internals. The suite ends by checking the services' own
 * metrics: not one 5xx was served along the way.
 */

type User = ApiClient & { userId: string };

interface Context {
  pipeline: Pipeline;
  user: User;
  other: User;
  admin: User;
  /** A video of `user`, never uploaded. */
  videoId: string;
  /** A video of `other`. */
  othersVideoId: string;
  /** A listing cursor of `other`. */
  othersCursor: string;
}

interface HostileCase {
  name: string;
  service?: 'api' | 'admin';
  method: string;
  path: string | ((ctx: Context) => string);
  /** An object is sent as JSON; a string is sent as it is. */
  body?: unknown;
  contentType?: string;
  /** Whose token goes in the Authorization header (default `user`, `admin` for the admin service). */
  as?: 'user' | 'admin' | 'nobody';
  authorization?: (ctx: Context) => string;
  status: number | number[];
  code?: string;
  field?: string;
}

const RATE_LIMIT = 50;
const AUTH_RATE_LIMIT = 40;
const ALLOWED_ORIGIN = 'https://app.example.com';
const valid = { title: 'ok', filename: 'clip.mp4', contentType: 'video/mp4', sizeBytes: 1000 };
const video = (ctx: Context) => `/api/videos/${ctx.videoId}`;
const othersVideo = (ctx: Context) => `/api/videos/${ctx.othersVideoId}`;
const cursorFor = (key: unknown) => Buffer.from(JSON.stringify(key)).toString('base64url');
const deeplyNested = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

const CASES: HostileCase[] = [
  // Malformed JSON
  {
    name: 'truncated JSON',
    method: 'POST',
    path: '/api/videos',
    body: '{"title":',
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'trailing comma',
    method: 'POST',
    path: '/api/videos',
    body: '{"title":"a",}',
    status: 400,
    code: 'INVALID_JSON',
  },
  { name: 'JSON null body', method: 'PATCH', path: video, body: 'null', status: 400 },
  {
    name: 'JSON string body',
    method: 'POST',
    path: '/api/videos',
    body: '"a string"',
    status: 400,
  },
  {
    name: 'JSON array body',
    method: 'POST',
    path: '/api/videos',
    body: '[]',
    status: 400,
    code: 'VALIDATION_FAILED',
  },
  {
    name: '20 000 levels of nesting',
    method: 'POST',
    path: '/api/videos',
    body: deeplyNested,
    status: 400,
  },
  {
    name: 'garbage to login',
    method: 'POST',
    path: '/api/auth/login',
    body: '{{{{',
    as: 'nobody',
    status: 400,
    code: 'INVALID_JSON',
  },
  {
    name: 'truncated JSON to redrive',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: '{"all":tru',
    status: 400,
    code: 'INVALID_JSON',
  },
  // Bodies that are not JSON at all
  {
    name: 'text/plain body',
    method: 'POST',
    path: '/api/videos',
    body: 'title=x',
    contentType: 'text/plain',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'form body',
    method: 'POST',
    path: '/api/videos',
    body: 'title=x&sizeBytes=1',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
  },
  {
    name: 'body without a content type',
    method: 'PATCH',
    path: video,
    body: '{"title":"x"}',
    contentType: '',
    status: 415,
  },
  {
    name: 'unsupported charset',
    method: 'POST',
    path: '/api/videos',
    body: JSON.stringify(valid),
    contentType: 'application/json; charset=iso-8859-1',
    status: 415,
    code: 'UNSUPPORTED_MEDIA_TYPE',
  },
  {
    name: 'form body to redrive',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: 'all=true',
    contentType: 'application/x-www-form-urlencoded',
    status: 415,
  },
  // Wrong types
  {
    name: 'sizeBytes as a string',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, sizeBytes: '1000' },
    status: 400,
    field: 'sizeBytes',
  },
  {
    name: 'title as a number',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, title: 123 },
    status: 400,
    field: 'title',
  },
  {
    name: 'a checksum algorithm S3 has but the API does not offer',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, checksumAlgorithm: 'MD5' },
    status: 400,
    field: 'checksumAlgorithm',
  },
  {
    name: 'a part checksum that is not base64 of 4 bytes',
    method: 'POST',
    path: (c) => `${video(c)}/upload/parts`,
    body: { parts: [{ partNumber: 1, checksumCRC32: '<script>' }] },
    status: 400,
    field: 'parts.0.checksumCRC32',
  },
  {
    name: 'renditions as a string',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, renditions: '720p' },
    status: 400,
    field: 'renditions',
  },
  {
    name: 'an operator object for a title',
    method: 'PATCH',
    path: video,
    body: { title: { $ne: null } },
    status: 400,
    field: 'title',
  },
  {
    name: 'quality as an array',
    method: 'POST',
    path: (c) => `${video(c)}/renditions`,
    body: { quality: ['720p'] },
    status: 400,
    field: 'quality',
  },
  {
    name: 'email as an array',
    method: 'POST',
    path: '/api/auth/login',
    body: { email: ['a@b.c'], password: 'x' },
    as: 'nobody',
    status: 400,
    field: 'email',
  },
  {
    name: 'refresh token as an object',
    method: 'POST',
    path: '/api/auth/refresh',
    body: { refreshToken: { a: 1 } },
    as: 'nobody',
    status: 400,
    field: 'refreshToken',
  },
  {
    name: 'messageIds as a string',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: { messageIds: 'abc' },
    status: 400,
    field: 'messageIds',
  },
  {
    name: '"all" as a string',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: { all: 'true' },
    status: 400,
    field: 'all',
  },
  {
    name: 'both "all" and ids',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: { all: true, messageIds: ['a'] },
    status: 400,
  },
  {
    name: 'an empty redrive',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: {},
    status: 400,
  },
  {
    name: 'a status that does not exist',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/videos?status=DELETED',
    status: 400,
    field: 'status',
  },
  {
    name: 'repeated query parameter',
    method: 'GET',
    path: '/api/videos?limit=1&limit=2',
    status: 400,
    field: 'limit',
  },
  // Huge numbers
  {
    name: 'sizeBytes 1e308',
    method: 'POST',
    path: '/api/videos',
    body: '{"title":"t","filename":"a.mp4","contentType":"video/mp4","sizeBytes":1e308}',
    status: 400,
    field: 'sizeBytes',
  },
  {
    name: 'sizeBytes past 2^53',
    method: 'POST',
    path: '/api/videos',
    body: '{"title":"t","filename":"a.mp4","contentType":"video/mp4","sizeBytes":9007199254740993}',
    status: 400,
    field: 'sizeBytes',
  },
  {
    name: 'sizeBytes with 400 digits',
    method: 'POST',
    path: '/api/videos',
    body: `{"title":"t","filename":"a.mp4","contentType":"video/mp4","sizeBytes":${'9'.repeat(400)}}`,
    status: 400,
    field: 'sizeBytes',
  },
  {
    name: 'sizeBytes over the 5 GiB limit',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, sizeBytes: 6 * 1024 ** 3 },
    status: 413,
    field: 'sizeBytes',
  },
  {
    name: 'limit of a billion',
    method: 'GET',
    path: '/api/videos?limit=1000000000',
    status: 400,
    field: 'limit',
  },
  {
    name: 'limit with 30 digits',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/users?limit=999999999999999999999999999999',
    status: 400,
    field: 'limit',
  },
  {
    name: 'limit as Infinity',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/dlq?limit=Infinity',
    status: 400,
    field: 'limit',
  },
  // Negative and odd sizes
  {
    name: 'negative sizeBytes',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, sizeBytes: -1 },
    status: 400,
    field: 'sizeBytes',
  },
  {
    name: 'zero sizeBytes',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, sizeBytes: 0 },
    status: 400,
    field: 'sizeBytes',
  },
  {
    name: 'fractional sizeBytes',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, sizeBytes: 1.5 },
    status: 400,
    field: 'sizeBytes',
  },
  {
    name: 'negative limit',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/dlq?limit=-1',
    status: 400,
    field: 'limit',
  },
  { name: 'zero limit', method: 'GET', path: '/api/videos?limit=0', status: 400, field: 'limit' },
  // Traversal and injection strings
  {
    name: 'encoded ../ as a video id',
    method: 'GET',
    path: '/api/videos/..%2F..%2Fetc%2Fpasswd',
    status: 400,
  },
  { name: '.. as a video id', method: 'DELETE', path: '/api/videos/%2e%2e', status: [400, 404] },
  { name: 'NUL as a video id', method: 'GET', path: '/api/videos/%00', status: 400 },
  { name: 'broken %-escape in a path', method: 'GET', path: '/api/videos/%E0%A4%A', status: 400 },
  {
    name: 'traversal in a playback link',
    method: 'GET',
    path: '/api/playback/hls/..%2F..%2Fetc/master.m3u8',
    as: 'nobody',
    status: 403,
  },
  {
    name: 'traversal in a playback rung',
    method: 'GET',
    path: '/api/playback/hls/x/..%2F..%2Fraw/playlist.m3u8',
    as: 'nobody',
    status: 403,
  },
  {
    name: 'a cursor forged for another partition',
    method: 'GET',
    path: `/api/videos?cursor=${cursorFor({ PK: 'USER#someone-else', SK: 'VIDEO#x' })}`,
    status: 400,
    field: 'cursor',
  },
  {
    name: 'a cursor of my own partition with an extra attribute',
    method: 'GET',
    path: (c) =>
      `/api/videos?cursor=${cursorFor({ PK: `USER#${c.user.userId}`, SK: 'VIDEO#x', extra: 1 })}`,
    status: 400,
    field: 'cursor',
  },
  {
    name: 'a cursor of ../../',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/videos?status=READY&cursor=..%2F..%2F',
    status: 400,
    field: 'cursor',
  },
  {
    name: 'a forged status-index cursor',
    service: 'admin',
    method: 'GET',
    path: `/api/admin/videos?status=READY&cursor=${cursorFor({ GSI1PK: 'STATUS#READY', PK: 'USER#x', SK: 'VIDEO#x', GSI1SK: 'x', extra: 1 })}`,
    status: 400,
    field: 'cursor',
  },
  {
    name: 'a user-pool cursor that is not one',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/users?cursor=%22%20OR%201%3D1',
    status: 400,
    field: 'cursor',
  },
  {
    name: 'a message id with a quote',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: { messageIds: ['x" OR "1"="1'] },
    status: 400,
    field: 'messageIds.0',
  },
  // Unicode
  { name: 'an emoji as a video id', method: 'GET', path: '/api/videos/%F0%9F%92%A9', status: 400 },
  {
    name: 'a title of 201 emoji',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, title: '🎬'.repeat(201) },
    status: 400,
    field: 'title',
  },
  {
    name: 'a title of spaces only',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, title: '   ' },
    status: 400,
    field: 'title',
  },
  {
    name: 'a homoglyph admin email',
    method: 'POST',
    path: '/api/auth/login',
    body: { email: 'аdmin@videoforge.local', password: 'Local-Admin-Pass-1' },
    as: 'nobody',
    status: 400,
    field: 'email',
  },
  {
    name: 'a NUL in a status',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/videos?status=READY%00',
    status: 400,
    field: 'status',
  },
  {
    name: 'a right-to-left override in a filename extension',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, filename: 'clip\u202Egpj.exe' },
    status: 415,
    field: 'filename',
  },
  // Oversized
  {
    name: 'a body over 64 KiB',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, description: 'x'.repeat(70_000) },
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a 1 MiB redrive body',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: { messageIds: Array.from({ length: 30_000 }, (_, i) => `m${i}`) },
    status: 413,
  },
  {
    name: 'a description over 5000 characters',
    method: 'PATCH',
    path: video,
    body: { description: 'x'.repeat(5001) },
    status: 400,
    field: 'description',
  },
  {
    name: '101 message ids',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: { messageIds: Array.from({ length: 101 }, (_, i) => `m${i}`) },
    status: 400,
    field: 'messageIds',
  },
  {
    name: 'a 10 KiB bearer token',
    method: 'GET',
    path: '/api/me',
    authorization: () => `Bearer ${'a'.repeat(10_240)}`,
    status: 401,
  },
  // Unknown fields (mass assignment, prototype pollution)
  {
    name: 'choosing the owner',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, userId: 'someone-else' },
    status: 400,
    field: 'userId',
  },
  {
    name: 'setting the status',
    method: 'PATCH',
    path: video,
    body: { status: 'READY' },
    status: 400,
    field: 'status',
  },
  {
    name: '__proto__ in a body',
    method: 'PATCH',
    path: video,
    body: '{"title":"x","__proto__":{"isAdmin":true}}',
    status: 400,
    field: '__proto__',
  },
  {
    name: 'constructor.prototype in a body',
    method: 'POST',
    path: '/api/videos',
    body: { ...valid, constructor: { prototype: { admin: true } } },
    status: 400,
    field: 'constructor',
  },
  {
    name: 'an extra redrive option',
    service: 'admin',
    method: 'POST',
    path: '/api/admin/dlq/redrive',
    body: { all: true, force: true },
    status: 400,
    field: 'force',
  },
  // Ids of other users
  {
    name: "reading another user's video",
    method: 'GET',
    path: othersVideo,
    status: 404,
    code: 'NOT_FOUND',
  },
  {
    name: "renaming another user's video",
    method: 'PATCH',
    path: othersVideo,
    body: { title: 'mine now' },
    status: 404,
  },
  { name: "deleting another user's video", method: 'DELETE', path: othersVideo, status: 404 },
  {
    name: "queueing work on another user's video",
    method: 'POST',
    path: (c) => `${othersVideo(c)}/renditions`,
    body: { quality: '480p' },
    status: 404,
  },
  {
    name: "playing another user's video",
    method: 'GET',
    path: (c) => `${othersVideo(c)}/playback?quality=hls`,
    status: 404,
  },
  {
    name: "reading another user's upload plan",
    method: 'GET',
    path: (c) => `${othersVideo(c)}/upload`,
    status: 404,
  },
  {
    name: "signing parts of another user's upload",
    method: 'POST',
    path: (c) => `${othersVideo(c)}/upload/parts`,
    body: { parts: [{ partNumber: 1, checksumCRC32: 'AAAAAA==' }] },
    status: 404,
  },
  {
    name: "completing another user's upload",
    method: 'POST',
    path: (c) => `${othersVideo(c)}/upload/complete`,
    status: 404,
  },
  {
    name: "aborting another user's upload",
    method: 'DELETE',
    path: (c) => `${othersVideo(c)}/upload`,
    status: 404,
  },
  {
    name: "paging with another user's cursor",
    method: 'GET',
    path: (c) => `/api/videos?cursor=${c.othersCursor}`,
    status: 400,
    field: 'cursor',
  },
  {
    name: 'a normal user on the admin service',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/users',
    as: 'user',
    status: 403,
    code: 'FORBIDDEN',
  },
  // Methods and routes that do not exist
  { name: 'PUT on a video', method: 'PUT', path: video, body: { title: 'x' }, status: 404 },
  {
    name: 'an unknown admin route',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/secrets',
    status: 404,
  },
  // Forged access tokens, each wrong in one way
  {
    name: 'alg: none',
    method: 'GET',
    path: '/api/me',
    authorization: (c) => `Bearer ${unsignedToken(c.user.token as string)}`,
    status: 401,
    code: 'UNAUTHORIZED',
  },
  {
    name: 'HS256 keyed with a guessable secret',
    method: 'GET',
    path: '/api/me',
    authorization: (c) => `Bearer ${hmacToken(c.user.token as string)}`,
    status: 401,
  },
  {
    name: 'our key id, another key',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/users',
    authorization: (c) => `Bearer ${forgedSignatureToken(c.user.token as string)}`,
    status: 401,
  },
  {
    name: 'an ID token instead of an access token',
    method: 'GET',
    path: '/api/me',
    authorization: (c) => `Bearer ${idTokenInstead(c.user.token as string)}`,
    status: 401,
  },
  {
    name: "another app client's token",
    method: 'GET',
    path: '/api/me',
    authorization: (c) => `Bearer ${otherClientToken(c.user.token as string)}`,
    status: 401,
  },
  {
    name: 'Basic credentials',
    method: 'GET',
    path: '/api/me',
    authorization: () => 'Basic dXNlcjpwYXNz',
    status: 401,
  },
  {
    name: 'a bearer token with spaces',
    service: 'admin',
    method: 'GET',
    path: '/api/admin/stats',
    authorization: (c) => `Bearer ${c.admin.token} x`,
    status: 401,
  },
];

describe('hostile input is answered with a 4xx in the SPEC error shape, never a 5xx', () => {
  const ctx = {} as Context;
  let logs: LogCapture;

  beforeAll(async () => {
    logs = new LogCapture();
    const limits = {
      RATE_LIMIT_WRITES_PER_MINUTE: String(RATE_LIMIT),
      CORS_ORIGINS: `${ALLOWED_ORIGIN},http://localhost:3000`,
    };
    const pipeline = await startPipeline({
      transcoder: false,
      logger: logs.logger,
      apiEnv: { ...limits, RATE_LIMIT_AUTH_PER_MINUTE: String(AUTH_RATE_LIMIT) },
      adminEnv: limits,
    });
    ctx.pipeline = pipeline;
    ctx.user = await newUser(pipeline);
    ctx.other = await newUser(pipeline);
    ctx.admin = await adminClient(pipeline);
    const create = async (user: User) =>
      (await user.expect<{ video: { videoId: string } }>(201, 'POST', '/api/videos', valid)).video
        .videoId;
    ctx.videoId = await create(ctx.user);
    ctx.othersVideoId = await create(ctx.other);
    await create(ctx.other);
    const page = await ctx.other.expect<{ nextCursor: string }>(200, 'GET', '/api/videos?limit=1');
    ctx.othersCursor = page.nextCursor;
  });
  afterAll(async () => {
    await ctx.pipeline?.stop();
  });

  it.each(CASES)('$name -> $status', async (c) => {
    const service = c.service ?? 'api';
    const base = service === 'api' ? ctx.pipeline.api.url : ctx.pipeline.admin.url;
    const headers: Record<string, string> = {};
    const as = c.as ?? (service === 'admin' ? 'admin' : 'user');
    if (c.authorization) headers.authorization = c.authorization(ctx);
    else if (as !== 'nobody') headers.authorization = `Bearer ${ctx[as].token}`;
    let body: string | undefined;
    if (c.body !== undefined) {
      body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
      if (c.contentType !== '') headers['content-type'] = c.contentType ?? 'application/json';
    }
    const path = typeof c.path === 'function' ? c.path(ctx) : c.path;
    const response = await fetch(`${base}${path}`, { method: c.method, headers, body });
    const text = await response.text();
    const allowed = Array.isArray(c.status) ? c.status : [c.status];
    expect(allowed, text).toContain(response.status);
    expectSpecError(response, text);
    const { error } = JSON.parse(text) as ErrorJson;
    if (c.code) expect(error.code).toBe(c.code);
    if (c.field) expect(error.field).toBe(c.field);
  });

  it('accepts the control token: re-signed by the pool with nothing changed, so each forgery fails for its own reason', async () => {
    const response = await fetch(`${ctx.pipeline.api.url}/api/me`, {
      headers: { authorization: `Bearer ${resignedToken(ctx.user.token as string)}` },
    });
    expect(response.status).toBe(200);
  });

  it('keeps filenames out of storage keys, and unicode text intact', async () => {
    const title = 'Ünïcødé 🎬 \u202Etxt.exe שלום';
    const created = await ctx.user.expect<{
      video: { sourceKey: string; videoId: string; title: string };
    }>(201, 'POST', '/api/videos', {
      ...valid,
      title,
      filename: '../../../etc/pass wd;rm -rf.MKV',
    });
    expect(created.video.sourceKey).toBe(`raw/${ctx.user.userId}/${created.video.videoId}.mkv`);
    const read = await ctx.user.expect<{ title: string }>(
      200,
      'GET',
      `/api/videos/${created.video.videoId}`,
    );
    expect(read.title).toBe(title);
  });

  it('puts a request id on every response, adopting a sane incoming one and replacing any other', async () => {
    const url = `${ctx.pipeline.api.url}/api/videos/${ctx.videoId}`;
    const auth = { authorization: `Bearer ${ctx.user.token}` };
    const adopted = await fetch(url, { headers: { ...auth, 'x-request-id': 'trace-abc.123' } });
    expect(adopted.headers.get('x-request-id')).toBe('trace-abc.123');
    for (const bad of ['<script>alert(1)</script>', 'x'.repeat(200), 'a b']) {
      const replaced = await fetch(url, { headers: { ...auth, 'x-request-id': bad } });
      expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    for (const base of [ctx.pipeline.api.url, ctx.pipeline.admin.url]) {
      for (const path of ['/healthz', '/nope', '/api/admin/users']) {
        expect((await fetch(`${base}${path}`)).headers.get('x-request-id')).toBeTruthy();
      }
    }
  });

  it('logs each request with its request id', async () => {
    await fetch(`${ctx.pipeline.api.url}/api/videos/${ctx.othersVideoId}`, {
      headers: { authorization: `Bearer ${ctx.user.token}`, 'x-request-id': 'trace-hostile-404' },
    });
    const line = await logs.waitFor(
      (l) => l.requestId === 'trace-hostile-404' && l.msg === 'request',
    );
    expect(line).toMatchObject({
      component: 'api',
      method: 'GET',
      route: '/api/videos/:id',
      status: 404,
      userId: ctx.user.userId,
      errorCode: 'NOT_FOUND',
    });
    // No request line of either service is without its id.
    const requestLines = logs.lines.filter((l) => l.msg === 'request');
    expect(requestLines.length).toBeGreaterThan(CASES.length);
    expect(requestLines.filter((l) => typeof l.requestId !== 'string')).toEqual([]);
  });

  it('allows cross-origin calls from the configured origins only', async () => {
    for (const base of [ctx.pipeline.api.url, ctx.pipeline.admin.url]) {
      const path = base === ctx.pipeline.api.url ? '/api/videos' : '/api/admin/dlq/redrive';
      const preflight = await fetch(`${base}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin: ALLOWED_ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization,content-type',
        },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/i);
      expect(preflight.headers.get('vary')).toMatch(/Origin/);

      const foreign = await fetch(`${base}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'POST' },
      });
      expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
      expect(foreign.status).toBeGreaterThanOrEqual(400);
    }
    const allowed = await fetch(`${ctx.pipeline.api.url}/api/videos`, {
      headers: { origin: ALLOWED_ORIGIN, authorization: `Bearer ${ctx.user.token}` },
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/i);
    const lookalike = await fetch(`${ctx.pipeline.api.url}/api/videos`, {
      headers: { origin: `${ALLOWED_ORIGIN}.evil.com`, authorization: `Bearer ${ctx.user.token}` },
    });
    expect(lookalike.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('limits writes per user with 429 and Retry-After; reads and other users are not affected', async () => {
    const flooder = await newUser(ctx.pipeline);
    const bystander = await newUser(ctx.pipeline);
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) {
      statuses.push(
        (await flooder.request('POST', '/api/videos', { ...valid, title: `flood ${i}` })).status,
      );
    }
    expect(statuses.slice(0, RATE_LIMIT).every((s) => s === 201)).toBe(true);
    const limited = await flooder.request<ErrorJson>('POST', '/api/videos', valid);
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await flooder.request('GET', '/api/videos?limit=1')).status).toBe(200);
    expect((await bystander.request('POST', '/api/videos', valid)).status).toBe(201);
  });

  it('limits admin writes per admin the same way', async () => {
    let last: { status: number; headers: Headers; body: ErrorJson } | undefined;
    for (let i = 0; i <= RATE_LIMIT; i++) {
      // Invalid on purpose (cheap, changes nothing); every write counts.
      last = await ctx.admin.request<ErrorJson>('POST', '/api/admin/dlq/redrive', {});
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(last?.body.error.code).toBe('RATE_LIMITED');
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await ctx.admin.request('GET', '/api/admin/stats')).status).toBe(200);
  });

  it('limits sign-up and login attempts per client address', async () => {
    let last: { status: number; headers: Headers; body: ErrorJson } | undefined;
    const anonymous = new ApiClient(ctx.pipeline.api.url);
    for (let i = 0; i <= AUTH_RATE_LIMIT; i++) {
      last = await anonymous.request<ErrorJson>('POST', '/api/auth/login', {
        email: 'guess@example.com',
        password: `guess-${i}`,
      });
      if (last.status === 429) break;
    }
    expect(last?.status).toBe(429);
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('served no 5xx to any of it', async () => {
    for (const base of [ctx.pipeline.api.url, ctx.pipeline.admin.url]) {
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/http_request_duration_seconds_count\{/);
      expect(metrics).not.toMatch(/status_code="5\d\d"/);
    }
  });
});

/** The SPEC's error shape and nothing more: no stack trace, no file paths, no internals. */
function expectSpecError(response: Response, text: string): void {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as ErrorJson;
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.code).toBe('string');
  expect(typeof body.error.message).toBe('string');
  for (const key of Object.keys(body.error))
    expect(['code', 'message', 'field', 'requestId']).toContain(key);
  expect(body.error.requestId).toBe(response.headers.get('x-request-id'));
  expect(text).not.toMatch(/\bat .+:\d+:\d+|node_modules|\.ts:\d+|Error:/);
}
