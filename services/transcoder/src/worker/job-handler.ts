import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  completeRendition,
  failRendition,
  fitsSource,
  isClaimedBy,
  isQuality,
  isTerminal,
  noteRetryableFailure,
  parseJobMessage,
  posterKey,
  recordAlive,
  recordPoster,
  recordSource,
  skipRendition,
  startRendition,
  type JobMessage,
  type JobTarget,
  type ObjectStore,
  type Failure,
  type ReceivedMessage,
  type RenditionOutput,
  type Video,
  type VideoRepository,
} from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import { startAttemptDeadline, type AttemptDeadline, type DeadlineSettings } from './deadline.ts';
import { classifyFailure, type JobFailure } from './failures.ts';
import { findLimitExceeded, type MediaLimits } from './limits.ts';
import type { MediaInfo, MediaToolkit } from './media.ts';
import type { JobOutcome } from './outcome.ts';
import { producerFor } from './producers.ts';
import { createProgressWriter } from './progress-writer.ts';
import { retryWithBackoff, type RetryPolicy } from './retry.ts';
import type { SourceAccess } from './source-access.ts';
import { startAliveWrites } from './alive-writer.ts';
import { StalledError, withStallWatchdog } from './stall-watchdog.ts';

export interface JobHandlerDeps {
  videos: VideoRepository;
  objects: ObjectStore;
  sources: SourceAccess;
  media: MediaToolkit;
  scratchDir: string;
  /** On this receive a failure becomes final: the next receive moves the message to the DLQ. */
  maxReceives: number;
  /** ffmpeg is killed when its progress does not move for this long. */
  stallSeconds: number;
  /** Each attempt's overall deadline, from the source's duration. */
  deadline: DeadlineSettings;
  /** Checked on the probe, before anything is decoded. */
  limits: MediaLimits;
  /** Minimum time between two progress writes to the video. */
  progressIntervalMs: number;
  /** How often a running job writes a sign of life on its rendition. */
  aliveEverySeconds: number;
  /** Status writes retry through a dependency outage of about this long. Default: STATUS_WRITE_RETRY. */
  statusWriteRetry?: RetryPolicy;
  onStall?: () => void;
  /** A video's first READY rendition, this many seconds after its upload completed. */
  onTimeToReady?: (quality: JobTarget, seconds: number) => void;
  logger: Logger;
  clock?: () => Date;
}

export interface JobContext {
  /** Aborted when the worker must give the message back (shutdown past its grace period). */
  signal: AbortSignal;
  /** Called whenever the job shows life (a phase starts, ffmpeg reports progress). */
  onActivity?: () => void;
}

/** Takes one SQS message to an outcome. Never throws: every failure is an outcome. */
export function createJobHandler(deps: JobHandlerDeps) {
  const now = () => (deps.clock?.() ?? new Date()).toISOString();

  async function handle(message: ReceivedMessage, ctx: JobContext): Promise<JobOutcome> {
    const parsed = parseJobMessage(message.body);
    if (!parsed.ok) return rejectMalformed(parsed.reason, parsed.ids);
    const job = parsed.job;
    const log = deps.logger.child({
      jobId: job.jobId,
      videoId: job.videoId,
      userId: job.userId,
      quality: job.quality,
    });
    // Every process the attempt starts runs under this signal: none outlives the attempt.
    const attempt = startAttemptDeadline(ctx.signal, deps.deadline);
    try {
      return await run(job, message, { ...ctx, signal: attempt.signal }, attempt, log);
    } catch (error) {
      if (ctx.signal.aborted) return { kind: 'returned' };
      const cause: unknown = attempt.expired ? attempt.signal.reason : error;
      if (cause instanceof StalledError) deps.onStall?.();
      return failure(job, message, classifyFailure(cause, deps.limits.maxFramePixels), log);
    } finally {
      attempt.end();
    }
  }

  async function run(
    job: JobMessage,
    message: ReceivedMessage,
    ctx: JobContext,
    attempt: AttemptDeadline,
    log: Logger,
  ): Promise<JobOutcome> {
    if (job.bucket !== deps.objects.bucket) {
      // A worker serves one bucket (its IAM role allows no other): this job can never succeed here.
      const diagnostic = `job names bucket ${job.bucket}, worker serves ${deps.objects.bucket}`;
      return failure(job, message, { failure: WRONG_BUCKET, diagnostic, final: true }, log);
    }
    const video = await retrying(() => deps.videos.get(job.userId, job.videoId), log);
    if (!video) return { kind: 'skipped', reason: 'video was deleted' };
    const current = video.renditions[job.quality];
    if (current && isTerminal(current.status))
      return { kind: 'skipped', reason: `rendition is ${current.status}` };
    const phases = createPhaseTimer(ctx.onActivity);
    // ffmpeg streams the source as it decodes: the first frame never waits for a full download.
    const sourceHandle = await phases.time('open', () => deps.sources.open(job.key));
    // One folder per receive of one message: a duplicate message of the same job, or another
    // worker process sharing the scratch disk (npm start), never touches this attempt's files.
    const workDir = join(
      deps.scratchDir,
      `job-${job.jobId}-${message.messageId}-${message.receiveCount}`.replace(/[^\w.-]/g, '_'),
    );
    const input = await sourceHandle.url();
    // ffprobe runs alongside the status write and, for an MP4, alongside ffmpeg itself.
    const probed = settledLater(phases.time('probe', () => deps.media.probe(input, ctx.signal)));
    const recorded: Promise<unknown> = settledLater(
      probed.then((s) => update(job, (v) => recordSource(v, s, now()))),
    );
    const fitting = settledLater(
      probed.then((s) => {
        attempt.fitTo(s.durationSec);
        return ensureFits(job.quality, s, deps.limits);
      }),
    );
    let stopAliveWrites = () => undefined as void;
    try {
      const claim = { jobId: job.jobId, messageId: message.messageId };
      const staleAfterMs = deps.aliveEverySeconds * 3 * 1000;
      const started = await update(job, (v) =>
        startRendition(v, job.quality, now(), { ...claim, staleAfterMs }),
      );
      if (!started) throw new NothingToDo('video was deleted');
      if (!isClaimedBy(started.video, job.quality, claim)) {
        // The same job sent twice (an S3 event delivered twice, a retried Lambda): one runs it.
        throw new NothingToDo('another message of this job is running it');
      }
      log.info({ receiveCount: message.receiveCount }, 'job started');
      stopAliveWrites = startAliveWrites({
        everySeconds: deps.aliveEverySeconds,
        write: () =>
          deps.videos.update(job.userId, job.videoId, (v) => recordAlive(v, job.quality, now())),
        onError: (error) => log.warn({ err: error }, 'sign-of-life write failed'),
      });
      await mkdir(workDir, { recursive: true });

      const output = await transcode(job, { input, source: fitting, workDir }, phases, ctx, log);
      await recorded;
      const result = await markReady(job, output);
      if (!result) {
        // Deleted while we worked: do not leave outputs nobody owns.
        await deps.objects.deletePrefix(
          output.key.endsWith('.m3u8') ? output.key.replace(/master\.m3u8$/, '') : output.key,
        );
        return { kind: 'skipped', reason: 'video was deleted during the job' };
      }
      const source = await fitting;
      // The poster comes after READY: it must never delay the first playable rendition.
      if (!video.posterKey) {
        const posterInput = await sourceHandle.url();
        await phases.time('poster', () => makePoster(job, posterInput, source, workDir, ctx, log));
      }
      return {
        kind: 'done',
        sizeBytes: output.sizeBytes,
        mediaSeconds: source.durationSec,
        phases: phases.seconds(),
      };
    } catch (error) {
      if (error instanceof NothingToDo) return { kind: 'skipped', reason: error.message };
      if (!(error instanceof RenditionSkipped)) throw error;
      await recorded.catch(() => undefined);
      await update(job, (v) => skipRendition(v, job.quality, error.message, now()));
      return { kind: 'skipped', reason: error.message };
    } finally {
      stopAliveWrites();
      await rm(workDir, { recursive: true, force: true });
    }
  }

  async function transcode(
    job: JobMessage,
    media: { input: string; source: Promise<MediaInfo>; workDir: string },
    phases: PhaseTimer,
    ctx: JobContext,
    log: Logger,
  ): Promise<RenditionOutput> {
    const progress = createProgressWriter(
      deps.videos,
      { userId: job.userId, videoId: job.videoId, target: job.quality },
      {
        minIntervalMs: deps.progressIntervalMs,
        onError: (error) => log.warn({ err: error }, 'progress write failed'),
      },
    );
    const output = await phases.time('transcode', () =>
      withStallWatchdog(ctx.signal, deps.stallSeconds, (signal, touch) =>
        producerFor(job.quality)({
          job,
          ...media,
          signal,
          uploadSignal: ctx.signal,
          media: deps.media,
          objects: deps.objects,
          onProgress: (p) => {
            touch();
            ctx.onActivity?.();
            progress.sample(p);
          },
          onUploaded: () => ctx.onActivity?.(),
        }),
      ),
    );
    await progress.flush();
    return output;
  }

  /** Undefined when the video was deleted meanwhile. */
  async function markReady(job: JobMessage, output: RenditionOutput) {
    let wasReady = false;
    const result = await update(job, (v) => {
      wasReady = v.status === 'READY';
      return completeRendition(v, job.quality, output, now());
    });
    if (result?.changed && !wasReady) observeTimeToReady(job.quality, result.video);
    return result;
  }

  /** A poster is nice to have: failing to make one never fails the job. */
  async function makePoster(
    job: JobMessage,
    input: string,
    source: MediaInfo,
    workDir: string,
    ctx: JobContext,
    log: Logger,
  ) {
    try {
      const output = join(workDir, 'poster.jpg');
      // No progress to watch for one frame: the stall time is its whole budget.
      await withStallWatchdog(ctx.signal, deps.stallSeconds, (signal) =>
        deps.media.poster({ input, output, source, signal }),
      );
      const key = posterKey(job.userId, job.videoId);
      await deps.objects.uploadFile(key, output, 'image/jpeg', ctx.signal);
      await update(job, (v) => recordPoster(v, key, now()));
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      log.warn({ err: error }, 'poster failed; the job goes on');
    }
  }

  /** Upload complete -> first READY rendition; videos from before `uploadedAt` existed are left out. */
  function observeTimeToReady(quality: JobTarget, video: Video): void {
    if (video.status !== 'READY' || !video.uploadedAt) return;
    const seconds = (Date.parse(video.updatedAt) - Date.parse(video.uploadedAt)) / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) deps.onTimeToReady?.(quality, seconds);
  }

  /** Status writes ride out a short outage of the table: losing one would leave a wrong status. */
  function update(job: JobMessage, mutate: (v: Video) => Video | undefined) {
    return retrying(() => deps.videos.update(job.userId, job.videoId, mutate), deps.logger);
  }

  function retrying<T>(operation: () => Promise<T>, log: Logger): Promise<T> {
    return retryWithBackoff(
      operation,
      deps.statusWriteRetry ?? STATUS_WRITE_RETRY,
      undefined,
      (error, delayMs) =>
        log.warn({ err: error, retryInMs: delayMs }, 'video table unavailable; retrying'),
    );
  }

  async function failure(
    job: JobMessage,
    message: ReceivedMessage,
    { failure: shown, diagnostic, final: finalNow }: JobFailure,
    log: Logger,
  ): Promise<JobOutcome> {
    const final = finalNow === true || message.receiveCount >= deps.maxReceives;
    const receiveCount = message.receiveCount;
    log.warn({ code: shown.code, diagnostic, receiveCount, final }, 'job failed');
    try {
      await update(job, (v) =>
        final
          ? failRendition(v, job.quality, shown, now(), diagnostic)
          : noteRetryableFailure(v, job.quality, shown, now(), diagnostic),
      );
    } catch (error) {
      log.error({ err: error }, 'could not record the failure; SQS will retry the job');
    }
    const reason = `${shown.code}: ${shown.message}`;
    return final ? { kind: 'failed', reason } : { kind: 'retry', reason };
  }

  /** A body that is not a valid job can never succeed: record why (when we know the video) and drop it. */
  async function rejectMalformed(
    reason: string,
    ids: { videoId?: string; userId?: string; quality?: string },
  ): Promise<JobOutcome> {
    deps.logger.error({ reason, ...ids }, 'malformed job message');
    const { userId, videoId, quality } = ids;
    if (userId && videoId && quality && (isQuality(quality) || quality === 'hls')) {
      await deps.videos
        .update(userId, videoId, (v) => failRendition(v, quality, MALFORMED_JOB, now(), reason))
        .catch((error: unknown) =>
          deps.logger.error({ err: error }, 'could not record the malformed job'),
        );
    }
    return { kind: 'failed', reason };
  }

  return handle;
}

const STATUS_WRITE_RETRY: RetryPolicy = { firstDelayMs: 250, maxDelayMs: 4000, budgetMs: 30_000 };

const WRONG_BUCKET: Failure = {
  code: 'INTERNAL',
  message: 'the job was sent to a worker that cannot read its file',
};
const MALFORMED_JOB: Failure = { code: 'INTERNAL', message: 'the job could not be read' };

/** The target is taller than the source: not an error, the rendition is simply not made. */
class RenditionSkipped extends Error {}

/** This message has nothing to do (its video is gone, or another message runs its job). */
class NothingToDo extends Error {}

function ensureFits(target: JobTarget, source: MediaInfo, limits: MediaLimits): MediaInfo {
  const overLimit = findLimitExceeded(source, limits);
  if (overLimit) throw overLimit;
  if (isQuality(target) && !fitsSource(target, source.height)) {
    throw new RenditionSkipped(`source is ${source.height}px tall; ${target} would upscale`);
  }
  return source;
}

/** For a promise awaited later: a rejection in the meantime is then not an unhandled one. */
function settledLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

type PhaseTimer = ReturnType<typeof createPhaseTimer>;

/** Wall seconds per phase of a job, for the log line operators read when a job is slow. */
function createPhaseTimer(onPhase?: () => void) {
  const seconds: Record<string, number> = {};
  return {
    async time<T>(phase: string, run: () => Promise<T>): Promise<T> {
      onPhase?.();
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
