import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  completeRendition,
  failRendition,
  fitsSource,
  isQuality,
  isTerminal,
  noteRetryableFailure,
  parseJobMessage,
  recordSource,
  renditionKey,
  skipRendition,
  startRendition,
  type JobMessage,
  type ObjectStore,
  type ReceivedMessage,
  type VideoRepository,
} from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import type { MediaToolkit, TranscodeProgress } from './media.ts';
import type { JobOutcome } from './outcome.ts';

export interface JobHandlerDeps {
  videos: VideoRepository;
  objects: ObjectStore;
  media: MediaToolkit;
  scratchDir: string;
  /** On this receive a failure becomes final: the next receive moves the message to the DLQ. */
  maxReceives: number;
  logger: Logger;
  clock?: () => Date;
}

export interface JobContext {
  /** Aborted when the worker must give the message back (shutdown past its grace period). */
  signal: AbortSignal;
  onProgress?: (progress: TranscodeProgress) => void;
}

/** Takes one SQS message to an outcome. Never throws: every failure is an outcome. */
export function createJobHandler(deps: JobHandlerDeps) {
  const now = () => (deps.clock?.() ?? new Date()).toISOString();

  async function handle(message: ReceivedMessage, ctx: JobContext): Promise<JobOutcome> {
    const parsed = parseJobMessage(message.body);
    if (!parsed.ok) return rejectMalformed(parsed.reason, parsed.ids);
    const job = parsed.job;
    const log = deps.logger.child({ jobId: job.jobId, videoId: job.videoId, quality: job.quality });
    try {
      return await run(job, message, ctx, log);
    } catch (error) {
      if (ctx.signal.aborted) return { kind: 'returned' };
      return failure(job, message, describe(error), log);
    }
  }

  async function run(
    job: JobMessage,
    message: ReceivedMessage,
    ctx: JobContext,
    log: Logger,
  ): Promise<JobOutcome> {
    if (job.bucket !== deps.objects.bucket) {
      // A worker serves one bucket (its IAM role allows no other): this job can never succeed here.
      return failure(
        job,
        { ...message, receiveCount: deps.maxReceives },
        `job names bucket ${job.bucket}, worker serves ${deps.objects.bucket}`,
        log,
      );
    }
    const video = await deps.videos.get(job.userId, job.videoId);
    if (!video) return { kind: 'skipped', reason: 'video was deleted' };
    const current = video.renditions[job.quality];
    if (current && isTerminal(current.status))
      return { kind: 'skipped', reason: `rendition is ${current.status}` };
    if (!isQuality(job.quality)) {
      // The HLS ladder is produced by a later worker version; fail clearly rather than loop.
      await deps.videos.update(job.userId, job.videoId, (v) =>
        failRendition(v, job.quality, 'HLS is not supported by this worker version', now()),
      );
      return { kind: 'failed', reason: 'HLS is not supported by this worker version' };
    }
    const quality = job.quality;
    await deps.videos.update(job.userId, job.videoId, (v) => startRendition(v, quality, now()));
    log.info({ receiveCount: message.receiveCount }, 'job started');

    const workDir = join(deps.scratchDir, `job-${job.jobId}-${message.receiveCount}`);
    await mkdir(workDir, { recursive: true });
    const phases = createPhaseTimer();
    try {
      const sourcePath = join(workDir, `source${extensionOf(job.key)}`);
      await phases.time('download', () =>
        deps.objects.downloadToFile(job.key, sourcePath, ctx.signal),
      );
      const source = await phases.time('probe', () => deps.media.probe(sourcePath, ctx.signal));
      await deps.videos.update(job.userId, job.videoId, (v) => recordSource(v, source, now()));
      if (!fitsSource(quality, source.height)) {
        const reason = `source is ${source.height}px tall; ${quality} would upscale`;
        await deps.videos.update(job.userId, job.videoId, (v) =>
          skipRendition(v, quality, reason, now()),
        );
        return { kind: 'skipped', reason };
      }
      const outputPath = join(workDir, `${quality}.mp4`);
      await phases.time('ffmpeg', () =>
        deps.media.transcodeMp4({
          input: sourcePath,
          output: outputPath,
          source,
          quality,
          signal: ctx.signal,
          onProgress: ctx.onProgress,
        }),
      );
      const key = renditionKey(quality, job.userId, job.videoId);
      const uploaded = await phases.time('upload', () =>
        deps.objects.uploadFile(key, outputPath, 'video/mp4', ctx.signal),
      );
      const result = await deps.videos.update(job.userId, job.videoId, (v) =>
        completeRendition(v, quality, { key, sizeBytes: uploaded.sizeBytes }, now()),
      );
      if (!result) {
        // Deleted while we worked: do not leave an output nobody owns.
        await deps.objects.deleteKeys([key]);
        return { kind: 'skipped', reason: 'video was deleted during the job' };
      }
      return {
        kind: 'done',
        sizeBytes: uploaded.sizeBytes,
        mediaSeconds: source.durationSec,
        phases: phases.seconds(),
      };
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  async function failure(
    job: JobMessage,
    message: ReceivedMessage,
    reason: string,
    log: Logger,
  ): Promise<JobOutcome> {
    const final = message.receiveCount >= deps.maxReceives;
    log.warn({ reason, receiveCount: message.receiveCount, final }, 'job failed');
    try {
      await deps.videos.update(job.userId, job.videoId, (v) =>
        final
          ? failRendition(v, job.quality, reason, now())
          : noteRetryableFailure(v, job.quality, reason, now()),
      );
    } catch (error) {
      log.error({ err: error }, 'could not record the failure; SQS will retry the job');
    }
    return final ? { kind: 'failed', reason } : { kind: 'retry', reason };
  }

  /** A body that is not a valid job can never succeed: record why (when we know the video) and drop it. */
  async function rejectMalformed(
    reason: string,
    ids: { videoId?: string; userId?: string; quality?: string },
  ): Promise<JobOutcome> {
    deps.logger.error({ reason, ...ids }, 'malformed job message');
    const { userId, videoId, quality } = ids;
    if (userId && videoId && quality && isQuality(quality)) {
      await deps.videos
        .update(userId, videoId, (v) => failRendition(v, quality, reason, now()))
        .catch((error: unknown) =>
          deps.logger.error({ err: error }, 'could not record the malformed job'),
        );
    }
    return { kind: 'failed', reason };
  }

  return handle;
}

/** Wall seconds per phase of a job, for the log line operators read when a job is slow. */
function createPhaseTimer() {
  const seconds: Record<string, number> = {};
  return {
    async time<T>(phase: string, run: () => Promise<T>): Promise<T> {
      const started = performance.now();
      try {
        return await run();
      } finally {
        seconds[phase] = Math.round(performance.now() - started) / 1000;
      }
    },
    seconds: () => ({ ...seconds }),
  };
}

function extensionOf(key: string): string {
  const dot = key.lastIndexOf('.');
  return dot >= 0 ? key.slice(dot) : '';
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const tail = (error as { stderrTail?: string }).stderrTail;
    return tail ? `${error.message}\n${tail.split('\n').slice(-5).join('\n')}` : error.message;
  }
  return String(error);
}
