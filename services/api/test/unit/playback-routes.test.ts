import { get as httpGet, type IncomingHttpHeaders } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createServiceApp, listen, type Listening } from '@videoforge/http';
import { createLogger, createMetricsRegistry } from '@videoforge/platform';
import { playbackRoutes, type PlaybackLimits } from '../../src/routes/playback-routes.ts';
import { playbackFixture, tokenOf } from './hls-fakes.ts';

const perMinute = (limit: number) => ({ limit, windowSeconds: 60 });
let server: Listening | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The public playback routes in the service frame (error mapper included), on a free port. */
async function serve(limits: PlaybackLimits) {
  const { hls } = playbackFixture();
  const app = createServiceApp(
    {
      logger: createLogger('api', 'silent'),
      registry: createMetricsRegistry('api'),
      http: {
        port: 0,
        host: '127.0.0.1',
        corsOrigins: [],
        writeLimit: perMinute(100),
        trustedProxyHops: 0,
        drainSeconds: 0,
      },
      readiness: [],
    },
    (a) => void a.use('/api/playback', playbackRoutes(hls, limits)),
  );
  server = await listen(app, { port: 0, host: '127.0.0.1' });
  const base = server.url;
  return {
    token: await tokenOf(hls),
    base,
    get: (token: string, file = '360p/playlist.m3u8') =>
      fetch(`${base}/api/playback/hls/${token}/${file}`),
  };
}

async function expectThrottled(response: Response, message: RegExp) {
  expect(response.status).toBe(429);
  expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
  const body = (await response.json()) as { error: { code: string; message: string } };
  expect(body.error).toMatchObject({
    code: 'RATE_LIMITED',
    message: expect.stringMatching(message),
  });
}

describe('the public playlist routes', () => {
  it('answer 429 in the SPEC error shape once one token is over its limit; other tokens go on', async () => {
    const api = await serve({ perAddress: perMinute(100), perToken: perMinute(2) });
    expect((await api.get(api.token)).status).toBe(200);
    expect((await api.get(api.token, 'master.m3u8')).status).toBe(200);
    await expectThrottled(await api.get(api.token), /this token: at most 2 per 60 s/);
    expect((await api.get('another-token')).status).toBe(403);
  });

  it('answer 429 once one address is over its limit, whatever tokens it makes up', async () => {
    const api = await serve({ perAddress: perMinute(2), perToken: perMinute(100) });
    expect((await api.get('made-up-1')).status).toBe(403);
    expect((await api.get('made-up-2')).status).toBe(403);
    await expectThrottled(await api.get(api.token), /this address: at most 2 per 60 s/);
  });
});

/** A GET whose body arrives as sent (fetch would decompress it). */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }>(
    (resolve, reject) => {
      httpGet(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
      }).on('error', reject);
    },
  );
}

describe('a signed rung playlist', () => {
  const unlimited = { perAddress: perMinute(100), perToken: perMinute(100) };

  it('is sent gzip-compressed to clients that accept it, the same text either way', async () => {
    const api = await serve(unlimited);
    const url = `${api.base}/api/playback/hls/${api.token}/360p/playlist.m3u8`;
    const plain = await rawGet(url, { 'accept-encoding': 'identity' });
    const zipped = await rawGet(url, { 'accept-encoding': 'gzip, deflate' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(gunzipSync(zipped.body).toString('utf8')).toBe(plain.body.toString('utf8'));
    expect(plain.body.toString('utf8')).toMatch(/^#EXTM3U[\s\S]*https:\/\//);
    expect(plain.headers['cache-control']).toBe('private, no-store');
    expect(plain.headers['content-type']).toMatch(/application\/vnd\.apple\.mpegurl/);
  });

  it('carries a validator per encoding and answers 304 when the client has that version', async () => {
    const api = await serve(unlimited);
    const url = `${api.base}/api/playback/hls/${api.token}/360p/playlist.m3u8`;
    const plain = await rawGet(url, { 'accept-encoding': 'identity' });
    const zipped = await rawGet(url, { 'accept-encoding': 'gzip' });
    expect(plain.headers.etag).toMatch(/^W\/"/);
    expect(zipped.headers.etag).not.toBe(plain.headers.etag);
    const again = await rawGet(url, {
      'accept-encoding': 'identity',
      'if-none-match': String(plain.headers.etag),
    });
    expect(again.status).toBe(304);
  });
});
