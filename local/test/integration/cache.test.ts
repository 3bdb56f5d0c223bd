import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, requireBinary } from '@videoforge/testkit';
import { canConnect } from '../../src/net.ts';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { counterValue, newUser, type VideoJson } from './support.ts';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startMemcached(port: number): Promise<ChildProcess> {
  const args = ['-l', '127.0.0.1', '-p', String(port), '-U', '0', '-m', '16'];
  // memcached refuses to start as root unless told which user to run as.
  if (process.getuid?.() === 0) args.push('-u', 'root');
  const child = spawn(requireBinary('memcached'), args, { stdio: 'ignore' });
  await pollUntil(
    () => canConnect(port),
    (up) => up,
    { timeoutMs: 5_000, intervalMs: 50 },
  );
  return child;
}

describe('the memcached read-through cache', () => {
  let pipeline: Pipeline;
  let memcached: ChildProcess;

  beforeAll(async () => {
    const port = await freePort();
    memcached = await startMemcached(port);
    pipeline = await startPipeline({
      transcoder: false,
      memcached: false,
      apiEnv: { MEMCACHED_SERVERS: `127.0.0.1:${port}` },
    });
  });
  afterAll(async () => {
    memcached?.kill('SIGKILL');
    await pipeline?.stop();
  });

  const cacheCount = (result: string) =>
    counterValue(pipeline.api.registry, 'videoforge_cache_requests_total', { result });

  it('serves the second read from the cache and drops the entry when the video changes', async () => {
    const user = await newUser(pipeline);
    const { video } = await user.expect<{ video: VideoJson }>(201, 'POST', '/api/videos', {
      title: 'cached',
      filename: 'a.mp4',
      contentType: 'video/mp4',
      sizeBytes: 10,
    });
    const [hits0, misses0] = [await cacheCount('hit'), await cacheCount('miss')];
    await user.expect(200, 'GET', `/api/videos/${video.videoId}`);
    expect(await cacheCount('miss')).toBe(misses0 + 1);
    const cached = await user.expect<VideoJson>(200, 'GET', `/api/videos/${video.videoId}`);
    expect(await cacheCount('hit')).toBe(hits0 + 1);
    expect(cached.title).toBe('cached');

    await user.expect(200, 'PATCH', `/api/videos/${video.videoId}`, { title: 'edited' });
    const fresh = await user.expect<VideoJson>(200, 'GET', `/api/videos/${video.videoId}`);
    expect(fresh.title).toBe('edited');
    expect(await cacheCount('miss')).toBe(misses0 + 2);
  });

  it('keeps answering correctly from DynamoDB when memcached dies', async () => {
    const user = await newUser(pipeline);
    const { video } = await user.expect<{ video: VideoJson }>(201, 'POST', '/api/videos', {
      title: 'before',
      filename: 'a.mp4',
      contentType: 'video/mp4',
      sizeBytes: 10,
    });
    await user.expect(200, 'GET', `/api/videos/${video.videoId}`);
    memcached.kill('SIGKILL');
    await new Promise((resolve) => memcached.once('exit', resolve));
    const errors0 = await cacheCount('error');

    await user.expect(200, 'PATCH', `/api/videos/${video.videoId}`, { title: 'after' });
    const read = await user.expect<VideoJson>(200, 'GET', `/api/videos/${video.videoId}`);
    expect(read.title).toBe('after');
    expect(await cacheCount('error')).toBeGreaterThan(errors0);
    expect((await user.request('GET', '/api/videos')).status).toBe(200);
  });
});
