import { chmod, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import {
  pollUntil,
  startTcpProxy,
  startWorkerProcess,
  type TcpProxy,
  type WorkerProcess,
} from '@videoforge/testkit';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { newJobMessage, type Video } from '@videoforge/core';
import { uploadJobId } from '@videoforge/lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clip, newUser, tempDir, uploadVideo, waitForVideo, type VideoJson } from './support.ts';

const WORKER_MAIN = fileURLToPath(
  new URL('../../../services/transcoder/src/main.ts', import.meta.url),
);

/** Short leases so a lost worker's job comes back in seconds, not the production 30 s. */
const FAST_LEASES = {
  SQS_VISIBILITY_SECONDS: '6',
  HEARTBEAT_SECONDS: '2',
  SQS_WAIT_SECONDS: '2',
  ALIVE_WRITE_SECONDS: '1',
  PROGRESS_INTERVAL_SECONDS: '0',
  FFMPEG_PRESET: 'medium',
  LOG_LEVEL: 'info',
};

let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await dir?.remove();
});

/** The platform without a worker: each test starts its workers as processes it can kill. */
function usePipeline(): () => Pipeline {
  let pipeline: Pipeline | undefined;
  beforeAll(async () => {
    pipeline = await startPipeline({ transcoder: false, transcoderEnv: FAST_LEASES });
  });
  afterAll(async () => {
    await pipeline?.stop();
  });
  return () => {
    if (!pipeline) throw new Error('the pipeline did not start');
    return pipeline;
  };
}

/** Completed transcodes per job id, from the workers' own log lines. */
function completions(workers: WorkerProcess[]): Map<string, number> {
  const done = new Map<string, number>();
  for (const line of workers.flatMap((w) => w.logs)) {
    const outcome = line.outcome as { kind?: string } | undefined;
    if (line.msg !== 'job finished' || outcome?.kind !== 'done') continue;
    const jobId = String(line.jobId);
    done.set(jobId, (done.get(jobId) ?? 0) + 1);
  }
  return done;
}

function jobIdsOf(workers: WorkerProcess[], videoId: string): Set<string> {
  return new Set(
    workers
      .flatMap((w) => w.logs)
      .filter((l) => l.msg === 'job started' && l.videoId === videoId)
      .map((l) => String(l.jobId)),
  );
}

/**
 * Completed transcodes of each video's job, once every job has logged one (a worker logs "job
 * finished" after READY and the poster), plus a moment for a second one to show up if there is one.
 */
async function completionsOf(workers: WorkerProcess[], videoIds: string[]): Promise<number[]> {
  const counts = () =>
    videoIds.map((videoId) => {
      const ids = [...jobIdsOf(workers, videoId)];
      expect(ids.length).toBeLessThanOrEqual(1);
      return completions(workers).get(ids[0] ?? '') ?? 0;
    });
  await pollUntil(
    async () => counts(),
    (c) => c.every((n) => n >= 1),
    { timeoutMs: 30_000 },
  );
  await new Promise((resolve) => setTimeout(resolve, 2000));
  return counts();
}

/** A generated clip uploaded through the API, asking for one rendition. */
async function uploadClip(
  user: Awaited<ReturnType<typeof newUser>>,
  name: string,
  size: { width: number; height: number; durationSec: number },
  rendition: string,
): Promise<VideoJson> {
  const source = await clip(dir.path, name, size);
  return uploadVideo(user, source, (await stat(source)).size, { renditions: [rendition] });
}

async function processingAtLeast(
  user: Awaited<ReturnType<typeof newUser>>,
  videoId: string,
  percent: number,
): Promise<VideoJson> {
  return waitForVideo(
    user,
    videoId,
    (v) => (v.renditions['480p']?.progress ?? 0) >= percent,
    60_000,
  );
}

describe('a worker killed mid-job (OOM kill, lost Fargate task)', () => {
  const platform = usePipeline();

  it('hands its job to another worker, which finishes it once, within the lease', async () => {
    const pipeline = platform();
    const workers = [startWorkerProcess(WORKER_MAIN, pipeline.transcoderEnv())];
    const user = await newUser(pipeline);
    const created = await uploadClip(
      user,
      'kill-once.mp4',
      { width: 1280, height: 720, durationSec: 8 },
      '480p',
    );
    const running = await processingAtLeast(user, created.videoId, 20);
    expect(running.renditions['480p']?.status).toBe('PROCESSING');

    await workers[0]!.kill('SIGKILL');
    const killedAt = Date.now();
    workers.push(startWorkerProcess(WORKER_MAIN, pipeline.transcoderEnv()));

    const ready = await waitForVideo(user, created.videoId, (v) => v.status === 'READY', 60_000);
    expect(ready.renditions['480p']).toMatchObject({ status: 'READY', attempts: 2 });
    // The 6 s lease, a new worker's start and an 8 s transcode: nowhere near the old 600 s.
    expect(Date.now() - killedAt).toBeLessThan(45_000);
    const [done] = await completionsOf(workers, [created.videoId]);
    expect(done).toBe(1);
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
  });

  it('loses nothing and does nothing twice when workers are killed again and again with jobs queued', async () => {
    const pipeline = platform();
    const workers = [startWorkerProcess(WORKER_MAIN, pipeline.transcoderEnv())];
    const user = await newUser(pipeline);
    const source = await clip(dir.path, 'kill-often.mp4', {
      width: 1280,
      height: 720,
      durationSec: 6,
    });
    const size = (await stat(source)).size;
    const videos = await Promise.all(
      [1, 2, 3].map(() => uploadVideo(user, source, size, { renditions: ['480p'] })),
    );
    for (let kill = 0; kill < 2; kill++) {
      // Kill the newest worker a fifth of the way into the job it took.
      const victim = workers.at(-1)!;
      const started = await pollUntil(
        async () => victim.logs.find((l) => l.msg === 'job started'),
        (line) => line !== undefined,
        { timeoutMs: 60_000, intervalMs: 100 },
      );
      await processingAtLeast(user, String(started?.videoId), 20);
      await victim.kill('SIGKILL');
      workers.push(startWorkerProcess(WORKER_MAIN, pipeline.transcoderEnv()));
    }
    for (const video of videos) {
      const ready = await waitForVideo(user, video.videoId, (v) => v.status === 'READY', 90_000);
      expect(ready.renditions['480p']?.status).toBe('READY');
    }
    const done = await completionsOf(
      workers,
      videos.map((v) => v.videoId),
    );
    expect(done).toEqual([1, 1, 1]);
    await Promise.all(workers.map((w) => w.kill('SIGTERM')));
  });
});

describe('one job sent twice (an S3 event delivered twice, a retried Lambda)', () => {
  const platform = usePipeline();

  it('is run by one worker once; the other messages are dropped', async () => {
    const pipeline = platform();
    const sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: pipeline.stack.endpoints.aws,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const workers = [1, 2].map(() => startWorkerProcess(WORKER_MAIN, pipeline.transcoderEnv()));
    try {
      const user = await newUser(pipeline);
      const created = await uploadClip(
        user,
        'sent-twice.mp4',
        { width: 1280, height: 720, durationSec: 4 },
        '480p',
      );
      const uploaded = await waitForVideo(
        user,
        created.videoId,
        (v) => v.status !== 'PENDING_UPLOAD',
      );
      // What the Lambda sends for this upload, sent twice more: three messages of one job.
      const video = uploaded as unknown as Video;
      const job = newJobMessage({
        jobId: uploadJobId(video, '480p'),
        video,
        target: '480p',
        bucket: pipeline.stack.env.S3_BUCKET as string,
        now: new Date().toISOString(),
      });
      for (let i = 0; i < 2; i++) {
        await sqs.send(
          new SendMessageCommand({
            QueueUrl: pipeline.stack.env.SQS_JOBS_QUEUE_URL,
            MessageBody: JSON.stringify(job),
          }),
        );
      }
      const ready = await waitForVideo(user, created.videoId, (v) => v.status === 'READY', 60_000);
      expect(ready.renditions['480p']).toMatchObject({ status: 'READY', attempts: 1 });
      expect(await completionsOf(workers, [created.videoId])).toEqual([1]);
      const finished = workers.flatMap((w) => w.logs).filter((l) => l.msg === 'job finished');
      expect(finished).toHaveLength(3);
    } finally {
      sqs.destroy();
      await Promise.all(workers.map((w) => w.kill('SIGTERM')));
    }
  });
});

describe('dependencies that go away and come back', () => {
  let pipeline: Pipeline;
  let aws: TcpProxy;
  let dynamodb: TcpProxy;
  let worker: WorkerProcess;

  beforeAll(async () => {
    pipeline = await startPipeline({ transcoder: false, transcoderEnv: FAST_LEASES });
    const address = (endpoint: string | undefined) => {
      const url = new URL(endpoint ?? '');
      return { host: url.hostname, port: Number(url.port) };
    };
    aws = await startTcpProxy(address(pipeline.stack.endpoints.aws));
    dynamodb = await startTcpProxy(address(pipeline.stack.endpoints.dynamodb));
    // The worker reaches S3, SQS and DynamoDB only through proxies the test can cut.
    worker = startWorkerProcess(
      WORKER_MAIN,
      pipeline.transcoderEnv({
        AWS_ENDPOINT_URL_S3: aws.url,
        AWS_ENDPOINT_URL_SQS: aws.url,
        AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
      }),
    );
  });
  afterAll(async () => {
    await worker?.kill('SIGKILL');
    await aws?.close();
    await dynamodb?.close();
    await pipeline?.stop();
  });

  it('finishes a job through 10 s without DynamoDB, retrying its status writes', async () => {
    const user = await newUser(pipeline);
    const created = await uploadClip(
      user,
      'table-outage.mp4',
      { width: 1280, height: 720, durationSec: 6 },
      '480p',
    );
    await processingAtLeast(user, created.videoId, 10);
    await dynamodb.cut();
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    await dynamodb.restore();
    const ready = await waitForVideo(user, created.videoId, (v) => v.status === 'READY', 60_000);
    expect(ready.renditions['480p']).toMatchObject({ status: 'READY', attempts: 1 });
    expect(worker.logs.some((l) => l.msg === 'video table unavailable; retrying')).toBe(true);
  });

  it('backs off with a growing delay while SQS and S3 are down, then takes new work', async () => {
    await aws.cut();
    const backoffs = () =>
      worker.logs
        .filter((l) => l.msg === 'receive failed; backing off')
        .map((l) => Number(l.retryInMs));
    await pollUntil(
      async () => backoffs(),
      (b) => b.length >= 4,
      { timeoutMs: 30_000 },
    );
    await aws.restore();
    const delays = backoffs();
    // Jittered between half and all of 0.5, 1, 2, 4 s...: the fourth wait is longer than the first.
    expect(delays[3]).toBeGreaterThan(delays[0] ?? Infinity);

    const user = await newUser(pipeline);
    const created = await uploadClip(
      user,
      'after-outage.mp4',
      { width: 640, height: 360, durationSec: 2 },
      '360p',
    );
    const ready = await waitForVideo(user, created.videoId, (v) => v.status === 'READY', 60_000);
    expect(ready.renditions['360p']?.status).toBe('READY');
  });
});

describe('an attempt that fails for the machine, not the media', () => {
  const platform = usePipeline();

  it.each([
    ['the scratch disk is full (ENOSPC)', 'echo "out.mp4: No space left on device" >&2; exit 1'],
    ['the kernel kills ffmpeg (OOM)', 'kill -9 $$'],
  ])('retries when %s, and does not fail the rendition for good', async (what, failure) => {
    const marker = join(dir.path, `failed-once-${what.length}`);
    const ffmpeg = join(dir.path, `ffmpeg-fails-once-${what.length}`);
    await writeFile(
      ffmpeg,
      [
        '#!/bin/sh',
        // Capability queries pass through; the first real run fails as the machine would make it.
        'case "$*" in *-formats*|*-encoders*|*-codecs*|*-filters*) exec ffmpeg "$@" ;; esac',
        `if [ ! -e ${marker} ]; then touch ${marker}; ${failure}; fi`,
        'exec ffmpeg "$@"',
        '',
      ].join('\n'),
    );
    await chmod(ffmpeg, 0o755);
    const pipeline = platform();
    const worker = startWorkerProcess(
      WORKER_MAIN,
      pipeline.transcoderEnv({
        FFMPEG_PATH: ffmpeg,
        FFMPEG_PRESET: 'ultrafast',
        RETRY_DELAY_SECONDS: '0',
      }),
    );
    try {
      const user = await newUser(pipeline);
      const created = await uploadClip(
        user,
        `machine-${what.length}.mp4`,
        { width: 640, height: 360, durationSec: 2 },
        '360p',
      );
      const ready = await waitForVideo(user, created.videoId, (v) => v.status === 'READY', 60_000);
      expect(ready.renditions['360p']).toMatchObject({ status: 'READY', attempts: 2 });
    } finally {
      await worker.kill('SIGTERM');
    }
  });
});
