import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, type JobTarget, type ReceivedMessage, type Video } from '@videoforge/core';
import { createLogger } from '@videoforge/platform';
import {
  aJobMessage,
  aReceivedMessage,
  aVideo,
  InMemoryObjectStore,
  InMemoryVideos,
} from '@videoforge/testkit';
import { createJobHandler, type JobHandlerDeps } from '../../src/worker/job-handler.ts';
import type { JobOutcome } from '../../src/worker/outcome.ts';
import { FakeMedia, FakeSources, hangs } from './support/fake-media.ts';

const MAX_RECEIVES = 3;

let scratchDir: string;
beforeEach(async () => {
  scratchDir = await mkdtemp(join(tmpdir(), 'job-handler-'));
});
afterEach(async () => {
  await rm(scratchDir, { recursive: true, force: true });
});

/** A video waiting for `targets`, a handler over fakes, and a way to run one receive of its job. */
function fixture(targets: JobTarget[] = ['720p'], overrides: Partial<JobHandlerDeps> = {}) {
  const video = aVideo({
    status: 'UPLOADED',
    renditions: Object.fromEntries(
      targets.map((t) => [t, { status: 'QUEUED', updatedAt: new Date().toISOString() }]),
    ),
  });
  const videos = new InMemoryVideos([video]);
  const objects = new InMemoryObjectStore();
  const media = new FakeMedia();
  const sources = new FakeSources();
  const stalls: number[] = [];
  const handle = createJobHandler({
    videos,
    objects,
    sources,
    media,
    scratchDir,
    maxReceives: MAX_RECEIVES,
    stallSeconds: 5,
    deadline: { baseSeconds: 60, perMediaSecond: 1, unknownDurationSeconds: 60 },
    limits: {
      maxFramePixels: 8192 * 4320,
      maxDurationSeconds: 3600,
      maxFrameRate: 120,
      maxStreams: 8,
      maxAudioChannels: 8,
    },
    progressIntervalMs: 0,
    aliveEverySeconds: 60,
    statusWriteRetry: { firstDelayMs: 1, maxDelayMs: 1, budgetMs: 0 },
    onStall: () => stalls.push(Date.now()),
    logger: createLogger('test', 'silent'),
    ...overrides,
  });
  const run = (
    target: JobTarget = targets[0] ?? '720p',
    message: Partial<ReceivedMessage> = {},
    signal = new AbortController().signal,
  ): Promise<JobOutcome> =>
    handle(aReceivedMessage(aJobMessage(video, target), message), { signal });
  const stored = (): Video | undefined => videos.items.get(video.videoId);
  return { video, videos, objects, media, sources, stalls, handle, run, stored };
}

describe('the job handler, on success', () => {
  it('makes an MP4: uploads it, marks it READY, records the source and a poster', async () => {
    const f = fixture(['720p']);
    const outcome = await f.run();

    expect(outcome).toMatchObject({ kind: 'done', sizeBytes: 2048, mediaSeconds: 12 });
    const stored = f.stored();
    expect(stored?.renditions['720p']).toMatchObject({
      status: 'READY',
      key: `transcoded/720p/${f.video.userId}/${f.video.videoId}.mp4`,
      sizeBytes: 2048,
      attempts: 1,
    });
    expect(stored).toMatchObject({ status: 'READY', durationSec: 12, width: 1280, height: 720 });
    expect(stored?.posterKey).toBe(`thumbnails/${f.video.userId}/${f.video.videoId}.jpg`);
    expect(f.objects.objects.get(stored?.posterKey ?? '')?.contentType).toBe('image/jpeg');
    expect(f.media.calls).toEqual(['probe', 'mp4 720p', 'poster']);
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it('makes the HLS ladder: segments before playlists, the master as the rendition key', async () => {
    const f = fixture(['hls']);
    const uploaded: string[] = [];
    const upload = f.objects.uploadFile.bind(f.objects);
    f.objects.uploadFile = async (key, path, type) => {
      uploaded.push(key);
      return upload(key, path, type);
    };

    expect(await f.run('hls')).toMatchObject({ kind: 'done', sizeBytes: 1150 });
    const prefix = `hls/${f.video.userId}/${f.video.videoId}/`;
    expect(uploaded.slice(0, 3)).toEqual([
      `${prefix}360p/seg_0.ts`,
      expect.stringMatching(/m3u8$/),
      expect.stringMatching(/m3u8$/),
    ]);
    expect(f.stored()?.renditions.hls).toMatchObject({
      status: 'READY',
      key: `${prefix}master.m3u8`,
    });
  });

  it('writes progress on the rendition while ffmpeg reports it', async () => {
    const f = fixture(['720p']);
    const seen: Array<number | undefined> = [];
    f.media.step = async ({ onProgress }) => {
      onProgress({ percent: 40, outTimeSec: 4 });
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(f.stored()?.renditions['720p']?.progress);
    };
    await f.run();
    expect(seen).toEqual([40]);
  });

  it('times each phase for the log line', async () => {
    const outcome = await fixture(['720p']).run();
    expect(outcome.kind === 'done' && Object.keys(outcome.phases).sort()).toEqual([
      'open',
      'poster',
      'probe',
      'transcode',
    ]);
  });

  it('keeps a video READY when only its poster fails', async () => {
    const f = fixture(['720p']);
    f.media.posterError = new Error('no frame');
    expect((await f.run()).kind).toBe('done');
    expect(f.stored()?.posterKey).toBeUndefined();
  });
});

describe('the job handler, when there is nothing to do', () => {
  it('skips a job whose video was deleted before it started', async () => {
    const f = fixture(['720p']);
    f.videos.items.clear();
    expect(await f.run()).toEqual({ kind: 'skipped', reason: 'video was deleted' });
    expect(f.media.calls).toEqual([]);
  });

  it('removes its outputs when the video is deleted during the job', async () => {
    const f = fixture(['hls']);
    f.media.step = async () => {
      await f.videos.delete(f.video.userId, f.video.videoId);
    };
    expect(await f.run('hls')).toEqual({
      kind: 'skipped',
      reason: 'video was deleted during the job',
    });
    expect([...f.objects.objects.keys()]).toEqual([]);
  });

  it('skips a rendition that is already finished', async () => {
    const f = fixture(['720p']);
    const ready = { status: 'READY' as const, key: 'k', updatedAt: new Date().toISOString() };
    f.videos.items.set(f.video.videoId, { ...f.video, renditions: { '720p': ready } });
    expect(await f.run()).toEqual({ kind: 'skipped', reason: 'rendition is READY' });
  });

  it('leaves a job to the other message of it that is running it', async () => {
    const f = fixture(['720p']);
    const running = {
      status: 'PROCESSING' as const,
      claim: { jobId: aJobMessage(f.video, '720p').jobId, messageId: 'another-message' },
      updatedAt: new Date().toISOString(),
    };
    f.videos.items.set(f.video.videoId, { ...f.video, renditions: { '720p': running } });
    // ffmpeg starts beside the claim; the refused claim must stop it, or this run never ends.
    f.media.step = hangs(5);
    expect(await f.run()).toEqual({
      kind: 'skipped',
      reason: 'another message of this job is running it',
    });
    expect(f.videos.items.get(f.video.videoId)?.renditions['720p']).toEqual(running);
    expect([...f.objects.objects.keys()]).toEqual([]);
  });

  it('starts ffmpeg before the claim is written, and writes progress only once it is', async () => {
    const f = fixture(['720p']);
    // A lost worker's claim, long silent: this message may take the job over.
    const lost = {
      status: 'PROCESSING' as const,
      claim: { jobId: aJobMessage(f.video, '720p').jobId, messageId: 'a-lost-message' },
      updatedAt: new Date(Date.now() - 3_600_000).toISOString(),
    };
    f.videos.items.set(f.video.videoId, { ...f.video, renditions: { '720p': lost } });
    const claimWrite = Promise.withResolvers<void>();
    const update = f.videos.update.bind(f.videos);
    const written: (number | undefined)[] = [];
    let calls = 0;
    f.videos.update = async (userId, videoId, mutate) => {
      if (calls++ === 0) await claimWrite.promise;
      const result = await update(userId, videoId, mutate);
      if (result?.changed) written.push(result.video.renditions['720p']?.progress);
      return result;
    };
    const ffmpegStarted = Promise.withResolvers<void>();
    f.media.step = async ({ onProgress }) => {
      onProgress({ percent: 10, outTimeSec: 1 });
      ffmpegStarted.resolve();
      await claimWrite.promise;
      await new Promise((resolve) => setImmediate(resolve));
      onProgress({ percent: 60, outTimeSec: 6 });
    };
    const outcome = f.run();
    await ffmpegStarted.promise;
    claimWrite.resolve();
    expect(await outcome).toMatchObject({ kind: 'done' });
    expect(written).toContain(60);
    expect(written).not.toContain(10);
  });

  it('marks a rung taller than the source SKIPPED instead of upscaling', async () => {
    const f = fixture(['1080p']);
    const outcome = await f.run('1080p');
    expect(outcome).toEqual({
      kind: 'skipped',
      reason: 'source is 720px tall; 1080p would upscale',
    });
    expect(f.stored()?.renditions['1080p']).toMatchObject({ status: 'SKIPPED' });
    expect(f.stored()?.height).toBe(720);
  });
});

describe('the job handler, on failure', () => {
  it('asks for a retry while receives are left, keeping the failure for users', async () => {
    const f = fixture(['720p']);
    f.media.step = async () => {
      throw new Error('ffmpeg exploded at /tmp/secret');
    };
    const outcome = await f.run('720p', { receiveCount: 1 });
    expect(outcome).toEqual({
      kind: 'retry',
      reason: 'INTERNAL: the transcode failed on our side',
    });
    const rendition = f.stored()?.renditions['720p'];
    expect(rendition).toMatchObject({ status: 'PROCESSING', error: { code: 'INTERNAL' } });
    expect(rendition?.diagnostic).toContain('ffmpeg exploded');
    expect(await readdir(scratchDir)).toEqual([]);
  });

  it('fails for good on the last receive', async () => {
    const f = fixture(['720p']);
    f.media.step = async () => {
      throw new Error('ffmpeg exploded');
    };
    const outcome = await f.run('720p', { receiveCount: MAX_RECEIVES });
    expect(outcome.kind).toBe('failed');
    expect(f.stored()?.renditions['720p']).toMatchObject({
      status: 'FAILED',
      error: { code: 'INTERNAL' },
    });
    expect(f.stored()?.status).toBe('FAILED');
  });

  it('refuses a source over a limit, naming the limit', async () => {
    const f = fixture(['720p']);
    f.media.source = { ...f.media.source, frameRate: 240 };
    const outcome = await f.run('720p', { receiveCount: MAX_RECEIVES });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: 'LIMIT_EXCEEDED: frame rate 240 fps is over the 120 fps limit',
    });
  });

  it('fails a job for another bucket at once, without reading anything', async () => {
    const f = fixture(['720p'], { objects: new InMemoryObjectStore('another-bucket') });
    const outcome = await f.run('720p', { receiveCount: 1 });
    expect(outcome.kind).toBe('failed');
    const rendition = f.stored()?.renditions['720p'];
    expect(rendition).toMatchObject({ status: 'FAILED', error: { code: 'INTERNAL' } });
    expect(rendition?.diagnostic).toBe(
      'job names bucket videos-test, worker serves another-bucket',
    );
    expect(f.sources.opened).toEqual([]);
  });

  it('fails a source that cannot be found as unreadable', async () => {
    const f = fixture(['720p']);
    f.sources.openError = new NotFoundError('no such key');
    const outcome = await f.run('720p', { receiveCount: MAX_RECEIVES });
    expect(outcome).toEqual({
      kind: 'failed',
      reason: 'SOURCE_UNREADABLE: the uploaded file could not be found',
    });
  });

  it('drops a malformed message, failing the rendition it names', async () => {
    const f = fixture(['720p']);
    const body = JSON.stringify({
      videoId: f.video.videoId,
      userId: f.video.userId,
      quality: '720p',
    });
    const outcome = await f.handle(aReceivedMessage(body), {
      signal: new AbortController().signal,
    });
    expect(outcome.kind).toBe('failed');
    expect(f.stored()?.renditions['720p']).toMatchObject({
      status: 'FAILED',
      error: { message: 'the job could not be read' },
    });
  });

  it('kills a transcode that stops making progress', async () => {
    const f = fixture(['720p'], { stallSeconds: 0.1 });
    f.media.step = hangs();
    const outcome = await f.run();
    expect(outcome).toEqual({
      kind: 'retry',
      reason: 'STALLED: the transcode made no progress for 0.1 s',
    });
    expect(f.stalls).toHaveLength(1);
  });

  it('ends an attempt at its deadline even while ffmpeg shows progress', async () => {
    const f = fixture(['720p'], {
      deadline: { baseSeconds: 0.2, perMediaSecond: 0, unknownDurationSeconds: 0 },
    });
    f.media.probeWaitsFor = new Promise(() => undefined);
    f.media.step = hangs(20);
    const started = Date.now();
    const outcome = await f.run();
    expect(outcome).toEqual({
      kind: 'retry',
      reason: 'TIMED_OUT: the transcode took longer than its 0.2 s limit',
    });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(f.stalls).toEqual([]);
  });

  it('hands the message back, recording nothing, when the worker shuts down', async () => {
    const f = fixture(['720p']);
    const shutdown = new AbortController();
    f.media.step = async (run) => {
      shutdown.abort(new Error('shutting down'));
      await hangs()(run);
    };
    const outcome = await f.run('720p', {}, shutdown.signal);
    expect(outcome).toEqual({ kind: 'returned' });
    expect(f.stored()?.renditions['720p']?.error).toBeUndefined();
  });
});
