import { stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobeJson } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clip, newUser, tempDir, uploadVideo, waitForVideo, type VideoJson } from './support.ts';

type WithProgress = VideoJson & {
  posterUrl?: string;
  renditions: Record<string, { status: string; progress?: number }>;
};

describe('HLS ladder, poster, progress and signed playback', () => {
  let pipeline: Pipeline;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let owner: Awaited<ReturnType<typeof newUser>>;
  let videoId: string;
  const progressSeen: number[] = [];

  beforeAll(async () => {
    dir = await tempDir();
    pipeline = await startPipeline({ transcoderEnv: { PROGRESS_INTERVAL_SECONDS: '0' } });
    owner = await newUser(pipeline);
    const source = await clip(dir.path, 'ladder.mp4', {
      width: 1920,
      height: 1080,
      durationSec: 6,
    });
    const created = await uploadVideo(owner, source, (await stat(source)).size, {
      renditions: ['hls'],
    });
    videoId = created.videoId;
    await waitForVideo(
      owner,
      videoId,
      (v) => v.renditions.hls?.status === 'READY' || v.status === 'FAILED',
      120_000,
      (v) => {
        const p = (v as WithProgress).renditions.hls?.progress;
        if (p !== undefined) progressSeen.push(p);
      },
    );
  });
  afterAll(async () => {
    await pipeline?.stop();
    await dir?.remove();
  });

  it('produces a master playlist whose rungs players can read at the right heights', async () => {
    const { url } = await owner.expect<{ url: string }>(
      200,
      'GET',
      `/api/videos/${videoId}/playback?quality=hls`,
    );
    const master = await (await fetch(url)).text();
    expect(master).toMatch(/^#EXTM3U/);
    const rungs = master.split('\n').filter((l) => l.endsWith('playlist.m3u8'));
    expect(rungs).toEqual([
      '360p/playlist.m3u8',
      '480p/playlist.m3u8',
      '720p/playlist.m3u8',
      '1080p/playlist.m3u8',
    ]);
    for (const [i, rung] of rungs.entries()) {
      const rungUrl = new URL(rung, url).toString();
      const playlist = await (await fetch(rungUrl)).text();
      expect(playlist).toMatch(/#EXT-X-PLAYLIST-TYPE:VOD/);
      const segments = playlist.split('\n').filter((l) => l.startsWith('http'));
      expect(segments.length).toBeGreaterThan(0);
      expect(segments.every((s) => s.includes('X-Amz-Signature='))).toBe(true);
      const probe = await ffprobeJson(segments[0] as string);
      expect(probe.streams.find((s) => s.codec_type === 'video')?.height).toBe(
        [360, 480, 720, 1080][i],
      );
    }
  });

  it('serves a rung again from the cache: the same signed URLs, with no caching by others', async () => {
    const { url } = await owner.expect<{ url: string }>(
      200,
      'GET',
      `/api/videos/${videoId}/playback?quality=hls`,
    );
    const rungUrl = new URL('360p/playlist.m3u8', url).toString();
    const first = await fetch(rungUrl);
    expect(first.headers.get('cache-control')).toBe('private, no-store');
    expect(first.headers.get('ratelimit-policy')).not.toBeNull();
    const text = await first.text();
    expect(text).toMatch(/X-Amz-Signature=/);
    // Presigned URLs carry their signing time: re-signed a second later they would differ.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await (await fetch(rungUrl)).text()).toBe(text);
  });

  it('reported progress that moved from below 100 to 100', async () => {
    const video = await owner.expect<WithProgress>(200, 'GET', `/api/videos/${videoId}`);
    expect(video.renditions.hls?.progress).toBe(100);
    expect(progressSeen.some((p) => p > 0 && p < 100)).toBe(true);
    expect(progressSeen).toEqual([...progressSeen].sort((a, b) => a - b));
  });

  it('made a poster from a representative frame, served by a presigned URL', async () => {
    // The worker makes the poster right after the rendition is READY.
    const video = (await waitForVideo(
      owner,
      videoId,
      (v) => (v as WithProgress).posterUrl !== undefined,
      30_000,
    )) as WithProgress;
    expect(video.posterUrl).toMatch(/thumbnails\/.*\.jpg\?/);
    const response = await fetch(video.posterUrl as string);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
    const probe = await ffprobeJson(video.posterUrl as string);
    expect(probe.streams[0]).toMatchObject({ codec_name: 'mjpeg', height: 720 });
  });

  it("never opens one user's playlists with another's link", async () => {
    const other = await newUser(pipeline);
    expect((await other.request('GET', `/api/videos/${videoId}/playback?quality=hls`)).status).toBe(
      404,
    );
    const { url } = await owner.expect<{ url: string }>(
      200,
      'GET',
      `/api/videos/${videoId}/playback?quality=hls`,
    );
    const token = new URL(url).pathname.split('/')[4] as string;
    const [keyId, , signature] = token.split('.');
    const forged = Buffer.from(
      JSON.stringify([other.userId, videoId, Math.floor(Date.now() / 1000) + 600]),
    ).toString('base64url');
    const forgedUrl = url.replace(token, `${keyId}.${forged}.${signature}`);
    expect((await fetch(forgedUrl)).status).toBe(403);
    expect((await fetch(url.replace(token, `${token}x`))).status).toBe(403);
    expect((await fetch(new URL('../../x/playlist.m3u8', url))).status).toBeGreaterThanOrEqual(400);
    expect((await fetch(new URL('999p/playlist.m3u8', url))).status).toBe(404);
  });
});
