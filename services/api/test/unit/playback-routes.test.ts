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
