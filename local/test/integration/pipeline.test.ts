import { createWriteStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline as streamPipeline } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobeJson } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clip, newUser, tempDir, uploadVideo, waitForVideo, type VideoJson } from './support.ts';

describe('the whole pipeline: upload -> S3 event -> Lambda -> SQS -> ffmpeg -> playback', () => {
  let pipeline: Pipeline;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    dir = await tempDir();
    pipeline = await startPipeline();
  });
  afterAll(async () => {
    await pipeline?.stop();
    await dir?.remove();
  });

  it('turns an uploaded 1080p clip into a 720p MP4 a player can read, then adds a 480p on request', async () => {
    const user = await newUser(pipeline);
    const source = await clip(dir.path, 'source.mp4', {
      width: 1920,
      height: 1080,
      durationSec: 3,
    });
    const { size } = await stat(source);
    const created = await uploadVideo(user, source, size);
    expect(created.status).toBe('PENDING_UPLOAD');

    const seen = new Set<string>();
    const ready = await waitForVideo(
      user,
      created.videoId,
      (v) => v.status === 'READY',
      90_000,
      (v) => seen.add(v.status),
    );
    expect(ready.renditions['720p']).toMatchObject({
      status: 'READY',
      key: `transcoded/720p/${user.userId}/${created.videoId}.mp4`,
    });
    expect(ready).toMatchObject({ width: 1920, height: 1080 });
    expect(ready.durationSec).toBeCloseTo(3, 0);
    // Polling may miss a short state, but never sees one out of order.
    const order = ['PENDING_UPLOAD', 'UPLOADED', 'PROCESSING', 'READY'];
    const seenInOrder = order.filter((s) => seen.has(s));
    expect([...seen].every((s) => order.includes(s))).toBe(true);
    expect(seenInOrder.at(-1)).toBe('READY');

    const playback = await user.expect<{ url: string; expiresAt: string }>(
      200,
      'GET',
      `/api/videos/${created.videoId}/playback?quality=720p`,
    );
    const downloaded = join(dir.path, 'downloaded-720p.mp4');
    const response = await fetch(playback.url);
    expect(response.status).toBe(200);
    await streamPipeline(Readable.fromWeb(response.body as never), createWriteStream(downloaded));
    const probe = await ffprobeJson(downloaded);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ codec_name: 'h264', height: 720, width: 1280 });
    expect(probe.streams.find((s) => s.codec_type === 'audio')?.codec_name).toBe('aac');

    const requested = await user.request<{ status: string }>(
      'POST',
      `/api/videos/${created.videoId}/renditions`,
      { quality: '480p' },
    );
    expect(requested.status).toBe(202);
    expect(requested.body.status).toBe('QUEUED');
    const withBoth = await waitForVideo(
      user,
      created.videoId,
      (v) => v.renditions['480p']?.status === 'READY',
    );
    expect(withBoth.status).toBe('READY');
    const again = await user.request('POST', `/api/videos/${created.videoId}/renditions`, {
      quality: '480p',
    });
    expect(again.status).toBe(200);
  });

  it('skips a rung above the source height and says so', async () => {
    const user = await newUser(pipeline);
    const source = await clip(dir.path, 'small.mp4', { width: 640, height: 360, durationSec: 1 });
    const { size } = await stat(source);
    const created = await uploadVideo(user, source, size, { renditions: ['360p', '720p'] });
    const done = await waitForVideo(
      user,
      created.videoId,
      (v: VideoJson) =>
        ['READY', 'SKIPPED', 'FAILED'].includes(v.renditions['720p']?.status ?? '') &&
        v.renditions['360p']?.status === 'READY',
    );
    expect(done.renditions['720p']).toMatchObject({ status: 'SKIPPED' });
    expect(done.renditions['720p']?.skipReason).toMatch(/upscale/);
    expect(done.status).toBe('READY');
  });

  it('answers 409 for playback before READY and for renditions before the upload', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<{ video: VideoJson }>(201, 'POST', '/api/videos', {
      title: 'never uploaded',
      filename: 'x.mp4',
      contentType: 'video/mp4',
      sizeBytes: 1000,
    });
    expect(
      (await user.request('GET', `/api/videos/${created.video.videoId}/playback`)).status,
    ).toBe(409);
    expect(
      (
        await user.request('POST', `/api/videos/${created.video.videoId}/renditions`, {
          quality: '480p',
        })
      ).status,
    ).toBe(409);
  });
});
