import { chmod, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  descendantsOf,
  makeFrameBomb,
  makeHostileFiles,
  measurePeakMemory,
  pollUntil,
  requireBinary,
  startCanary,
  startTarpit,
  type MeasuredTool,
  type Trap,
} from '@videoforge/testkit';
import type { MediaToolkit } from '@videoforge/transcoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline, type PipelineOptions } from '../../src/pipeline.ts';
import { clip, newUser, tempDir, uploadVideo, waitForVideo, type VideoJson } from './support.ts';

const GENERIC_CODES = ['UNSUPPORTED_FORMAT', 'SOURCE_UNREADABLE', 'LIMIT_EXCEEDED', 'TIMED_OUT'];
const TOOLS = new Set(['ffmpeg', 'ffprobe', 'sleep', 'python3']);
/** Hangs like an ffprobe reading from a server that accepts and never answers. */
const HANGING_PROBE = join(tmpdir(), `videoforge-ffprobe-that-hangs-${process.pid}`);

let dir: Awaited<ReturnType<typeof tempDir>>;
let canary: Trap;
let tarpit: Trap;

beforeAll(async () => {
  requireBinary('ffmpeg');
  dir = await tempDir();
  canary = await startCanary();
  tarpit = await startTarpit();
  await writeFile(HANGING_PROBE, '#!/bin/sh\nexec sleep 600\n');
  await chmod(HANGING_PROBE, 0o755);
});
afterAll(async () => {
  await canary?.close();
  await tarpit?.close();
  await dir?.remove();
});

/**
 * A whole platform per scenario: a stopped worker's abandoned long poll can still take a message
 * from the local SQS, so workers with special settings never share a queue.
 */
function usePipeline(options: () => Promise<PipelineOptions> | PipelineOptions = () => ({})) {
  let pipeline: Pipeline | undefined;
  beforeAll(async () => {
    pipeline = await startPipeline(await options());
  });
  afterAll(async () => {
    await pipeline?.stop();
  });
  return (): Pipeline => {
    if (!pipeline) throw new Error('the pipeline did not start');
    return pipeline;
  };
}

/** What users see of a failure must not help them map the network: no URL, host, port or path. */
function expectNothingInternal(video: VideoJson, trap: Trap): void {
  const seen = JSON.stringify(video);
  expect(seen).not.toContain(trap.url.replace('http://', ''));
  expect(seen).not.toMatch(/https?:\/\/|127\.0\.0\.1|\/etc\/passwd|whitelist|Lavf|ffprobe/);
  expect(seen).not.toContain('diagnostic');
}

async function leftoverTools(): Promise<string[]> {
  return (await descendantsOf()).filter((p) => TOOLS.has(p.command)).map((p) => p.command);
}

async function fileSize(path: string): Promise<number> {
  return (await stat(path)).size;
}

describe('hostile uploads', () => {
  const platform = usePipeline();

  it('never lets a manifest, playlist or concat file disguised as MP4 reach the network or a local file', async () => {
    const user = await newUser(platform());
    const files = await makeHostileFiles(dir.path, canary.url);

    const uploads = await Promise.all(
      Object.entries(files).map(async ([name, path]) => {
        const created = await uploadVideo(user, path, await fileSize(path), {
          renditions: ['360p', 'hls'],
        });
        return { name, videoId: created.videoId };
      }),
    );
    for (const { name, videoId } of uploads) {
      const failed = await waitForVideo(
        user,
        videoId,
        (v) => v.renditions['360p']?.status === 'FAILED' && v.renditions.hls?.status === 'FAILED',
      );
      expect(failed.status, name).toBe('FAILED');
      for (const rendition of [failed.renditions['360p'], failed.renditions.hls]) {
        expect(rendition?.error?.code, name).toBe('UNSUPPORTED_FORMAT');
        expect(rendition?.error?.message, name).toMatch(/not a video in a format we accept/);
      }
      expectNothingInternal(failed, canary);
    }
    expect(canary.hits).toEqual([]);
    expect(await leftoverTools()).toEqual([]);
  });

  it('fails a job that names a tarpit without delaying another user, and leaves no process behind', async () => {
    const user = await newUser(platform());
    const other = await newUser(platform());
    const { hls } = await makeHostileFiles(dir.path, tarpit.url);
    const fine = await clip(dir.path, 'fine.mp4', { width: 640, height: 360, durationSec: 1 });

    const trap = await uploadVideo(user, hls, await fileSize(hls), { renditions: ['hls'] });
    const started = Date.now();
    const benign = await uploadVideo(other, fine, await fileSize(fine), { renditions: ['360p'] });

    const ready = await waitForVideo(other, benign.videoId, (v) => v.status === 'READY', 30_000);
    expect(ready.renditions['360p']?.status).toBe('READY');
    const failed = await waitForVideo(user, trap.videoId, (v) => v.status === 'FAILED', 30_000);
    expect(GENERIC_CODES).toContain(failed.renditions.hls?.error?.code);
    expectNothingInternal(failed, tarpit);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(tarpit.hits).toEqual([]);
    expect(await leftoverTools()).toEqual([]);
  });
});

describe('a probe that never answers', () => {
  const platform = usePipeline(() => ({
    transcoderEnv: { FFPROBE_PATH: HANGING_PROBE, PROBE_TIMEOUT_SECONDS: '1', MAX_RECEIVES: '2' },
  }));

  it('ends within its timeout, twice, and the job fails TIMED_OUT with no process left', async () => {
    const user = await newUser(platform());
    const source = await clip(dir.path, 'probe-hangs.mp4', {
      width: 640,
      height: 360,
      durationSec: 1,
    });
    const started = Date.now();
    const created = await uploadVideo(user, source, await fileSize(source), {
      renditions: ['hls'],
    });
    const failed = await waitForVideo(user, created.videoId, (v) => v.status === 'FAILED', 30_000);
    expect(failed.renditions.hls).toMatchObject({
      status: 'FAILED',
      attempts: 2,
      error: { code: 'TIMED_OUT', message: 'reading the file took longer than 1 s' },
    });
    // Two attempts of about a second each, not the 600 s the probe would have taken.
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(await leftoverTools()).toEqual([]);
  });
});

describe('a frame bomb', () => {
  const measured: { ffprobe?: MeasuredTool; ffmpeg?: MeasuredTool } = {};
  const platform = usePipeline(async () => {
    measured.ffprobe = await measurePeakMemory(dir.path, 'ffprobe');
    measured.ffmpeg = await measurePeakMemory(dir.path, 'ffmpeg');
    return {
      transcoderEnv: { FFPROBE_PATH: measured.ffprobe.path, FFMPEG_PATH: measured.ffmpeg.path },
    };
  });

  it('is refused on the frame-size limit, without the memory to decode it', async () => {
    const bomb = join(dir.path, 'bomb.mp4');
    await makeFrameBomb(bomb, 8192);
    expect(await fileSize(bomb)).toBeLessThan(1024 * 1024);
    const user = await newUser(platform());
    const nodeBefore = process.memoryUsage().rss;
    const created = await uploadVideo(user, bomb, await fileSize(bomb), { renditions: ['720p'] });
    const failed = await waitForVideo(user, created.videoId, (v) => v.status === 'FAILED');
    expect(failed.renditions['720p']?.error).toEqual({
      code: 'LIMIT_EXCEEDED',
      message: 'frame 8192x8192 is over the 35.4 MP limit',
    });
    const growthMiB = (process.memoryUsage().rss - nodeBefore) / 2 ** 20;
    const peaks = [
      ...((await measured.ffprobe?.peaksMiB()) ?? []),
      ...((await measured.ffmpeg?.peaksMiB()) ?? []),
    ];
    expect(peaks.length).toBeGreaterThan(0);
    // Decoding one 8192x8192 frame takes over 200 MiB; refused, a tool stays near its start-up size.
    expect(Math.max(...peaks)).toBeLessThan(100);
    expect(growthMiB).toBeLessThan(100);
  });
});

describe('a job stuck below every signal', () => {
  // A transcode stuck as a hung system call would be: only a restart frees the worker.
  let release: () => void = () => undefined;
  const stuck = new Promise<{ stderrTail: string }>((resolve) => {
    release = () => resolve({ stderrTail: '' });
  });
  const media: MediaToolkit = {
    probe: () => Promise.resolve({ ...FAKE_SOURCE }),
    transcodeMp4: () => stuck,
    transcodeHls: () => Promise.reject(new Error('not used')),
    poster: () => Promise.resolve(),
  };
  const platform = usePipeline(() => ({
    media,
    transcoderEnv: { STALL_TIMEOUT_SECONDS: '1', HEALTH_WEDGE_GRACE_SECONDS: '1' },
  }));
  afterAll(() => release());

  it('makes /healthz answer 503 so that Kubernetes restarts the worker', async () => {
    const port = platform().transcoder?.healthPort;
    const health = () =>
      fetch(`http://127.0.0.1:${port}/healthz`).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as { status: string },
      }));
    expect((await health()).status).toBe(200);
    const user = await newUser(platform());
    const source = await clip(dir.path, 'wedges.mp4', { width: 640, height: 360, durationSec: 1 });
    await uploadVideo(user, source, await fileSize(source), { renditions: ['360p'] });
    const unhealthy = await pollUntil(health, (h) => h.status === 503, {
      timeoutMs: 30_000,
      intervalMs: 250,
    });
    expect(unhealthy.body).toEqual({ status: 'wedged' });
    release();
    const healthy = await pollUntil(health, (h) => h.status === 200, { timeoutMs: 10_000 });
    expect(healthy.body).toEqual({ status: 'ok' });
  });
});

const FAKE_SOURCE = {
  durationSec: 1,
  width: 640,
  height: 360,
  hasAudio: true,
  videoCodec: 'h264',
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  frameRate: 25,
  streamCount: 2,
  audioChannels: 2,
};
