import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  completeRendition,
  hlsPrefix,
  isClaimedBy,
  isTerminal,
  parseJobMessage,
  posterKey,
  recordAlive,
  recordPoster,
  recordSource,
  skipRendition,
  startRendition,
  type JobMessage,
  type JobTarget,
  type JobTargetSpec,
  type ObjectStore,
  type ReceivedMessage,
  type RenditionOutput,
  type Video,
  type VideoMutation,
  type VideoRepository,
} from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import { startAliveWrites } from './alive-writer.ts';
import { createFailureHandling } from './attempt-failures.ts';
import { startAttemptDeadline, type AttemptDeadline, type DeadlineSettings } from './deadline.ts';
import type { MediaLimits } from './limits.ts';
import type { MediaInfo, MediaToolkit } from './media.ts';
import type { JobOutcome } from './outcome.ts';
import { createPhaseTimer, type PhaseTimer } from './phase-timer.ts';
import { produce } from './producers.ts';
import { createProgressWriter } from './progress-writer.ts';
import type { RetryPolicy } from './retry.ts';
import type { SourceAccess } from './source-access.ts';
import { settledLater } from './settled-later.ts';
import { ensureFits, RenditionSkipped, startSourceProbe } from './source-probe.ts';
import { withStallWatchdog } from './stall-watchdog.ts';
import { createStatusWrites } from './status-writes.ts';

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

/** One receive of one job: what every step of the attempt works from. */
interface Attempt {
  job: JobMessage;
  target: JobTargetSpec;
  message: ReceivedMessage;
  /** Aborts at the attempt's deadline or at shutdown: no process outlives the attempt. */
  signal: AbortSignal;
  onActivity?: () => void;
  deadline: AttemptDeadline;
  log: Logger;
}

/** This message has nothing to do (its video is gone, or another message runs its job). */
class NothingToDo extends Error {}

/** Takes one SQS message to an outcome. Never throws: every failure is an outcome. */
export function createJobHandler(deps: JobHandlerDeps) {
  const now = () => (deps.clock?.() ?? new Date()).toISOString();
  const status = createStatusWrites(deps.videos, deps.statusWriteRetry);
  const failures = createFailureHandling({
    videos: deps.videos,
    status,
    maxReceives: deps.maxReceives,
    maxFramePixels: deps.limits.maxFramePixels,
    onStall: deps.onStall,
    now,
    logger: deps.logger,
  });

  async function handle(message: ReceivedMessage, ctx: JobContext): Promise<JobOutcome> {
    const parsed = parseJobMessage(message.body);
    if (!parsed.ok) return failures.malformed(parsed.reason, parsed.ids);
    const { job, target } = parsed;
    const log = deps.logger.child({
      jobId: job.jobId,
      videoId: job.videoId,
      userId: job.userId,
      quality: job.quality,
    });
    const deadline = startAttemptDeadline(ctx.signal, deps.deadline);
    const attempt: Attempt = {
      job,
      target,
      message,
      ...ctx,
      signal: deadline.signal,
      deadline,
      log,
    };
    try {
      return await run(attempt);
    } catch (error) {
      return failures.fromError(attempt, error, { shutdown: ctx.signal, deadline });
    } finally {
      deadline.end();
    }
  }

  /** Checks, claim, transcode, READY, poster; anything thrown is the attempt's failure. */
  async function run(attempt: Attempt): Promise<JobOutcome> {
    const { job, target } = attempt;
    if (job.bucket !== deps.objects.bucket)
      return failures.wrongBucket(attempt, deps.objects.bucket);
    const video = await status.read(job, attempt.log);
    if (!video) return skipped('video was deleted');
    const current = video.renditions[target.name];
    if (current && isTerminal(current.status)) return skipped(`rendition is ${current.status}`);

    const phases = createPhaseTimer(attempt.onActivity);
    // ffmpeg streams the source as it decodes: the first frame never waits for a full download.
    const sourceHandle = await phases.time('open', () => deps.sources.open(job.key));
    const input = await sourceHandle.url();
    // ffprobe runs alongside the claim's status write and, for an MP4, alongside ffmpeg itself.
    const probe = startSourceProbe({
      probe: () => phases.time('probe', () => deps.media.probe(input, attempt.signal)),
      record: (source) => update(attempt, (v) => recordSource(v, source, now())),
      fit: (source) => {
        attempt.deadline.fitTo(source.durationSec);
        return ensureFits(target, source, deps.limits);
      },
    });
    const workDir = workDirOf(attempt);
    // The claim's write, like ffprobe, runs alongside ffmpeg (an MP4 starts at once): a duplicate
    // message is rare, and finding one kills an ffmpeg that only ran for a round trip.
    let stopAliveWrites = () => undefined as void;
    let owned = false;
    const claimed = settledLater(
      claim(attempt).then(() => {
        owned = true;
        stopAliveWrites = keepAlive(attempt);
      }),
    );
    // The claim first: a message that does not own the job must not mark its rendition SKIPPED.
    const cleared = settledLater(claimed.then(() => probe.fitting));
    try {
      await mkdir(workDir, { recursive: true });
      const media = { input, source: cleared, workDir };
      const output = await transcode(attempt, media, phases, () => owned);
      await probe.recorded;
      if (!(await markReady(attempt, output))) return discard(attempt, output);
      const source = await probe.fitting;
      // The poster comes after READY: it must never delay the first playable rendition.
      if (!video.posterKey) {
        const posterInput = await sourceHandle.url();
        await phases.time('poster', () => makePoster(attempt, posterInput, source, workDir));
      }
      const { sizeBytes } = output;
      return {
        kind: 'done',
        sizeBytes,
        mediaSeconds: source.durationSec,
        phases: phases.seconds(),
      };
    } catch (error) {
      // Not claimed (mkdir failed first, a stop): the claim's outcome says what this message is.
      const claimError = await claimed.then(
        () => undefined,
        (e: unknown) => e,
      );
      if (claimError instanceof NothingToDo) return skipped(claimError.message);
      if (error instanceof NothingToDo) return skipped(error.message);
      if (!(error instanceof RenditionSkipped)) throw error;
      await probe.recorded.catch(() => undefined);
      await update(attempt, (v) => skipRendition(v, target.name, error.message, now()));
      return skipped(error.message);
    } finally {
      // A claim still in flight would start sign-of-life writes after this: wait for it.
      await claimed.catch(() => undefined);
      stopAliveWrites();
      await rm(workDir, { recursive: true, force: true });
    }
  }

  /** Marks the rendition PROCESSING under this message's claim; throws NothingToDo otherwise. */
  async function claim(attempt: Attempt): Promise<void> {
    const { job, target, message } = attempt;
    const claimed = { jobId: job.jobId, messageId: message.messageId };
    const staleAfterMs = deps.aliveEverySeconds * 3 * 1000;
    const started = await update(attempt, (v) =>
      startRendition(v, target.name, now(), { ...claimed, staleAfterMs }),
    );
    if (!started) throw new NothingToDo('video was deleted');
    if (!isClaimedBy(started.video, target.name, claimed)) {
      // The same job sent twice (an S3 event delivered twice, a retried Lambda): one runs it.
      throw new NothingToDo('another message of this job is running it');
    }
    attempt.log.info({ receiveCount: message.receiveCount }, 'job started');
  }

  function keepAlive({ job, target, log }: Attempt): () => void {
    return startAliveWrites({
      everySeconds: deps.aliveEverySeconds,
      write: () =>
        deps.videos.update(job.userId, job.videoId, (v) => recordAlive(v, target.name, now())),
      onError: (error) => log.warn({ err: error }, 'sign-of-life write failed'),
    });
  }

  async function transcode(
    attempt: Attempt,
    media: { input: string; source: Promise<MediaInfo>; workDir: string },
    phases: PhaseTimer,
    /** Progress is written only once the claim is ours: before, the rendition may be another's. */
    owned: () => boolean,
  ): Promise<RenditionOutput> {
    const { job, target, log, onActivity } = attempt;
    const progress = createProgressWriter(
      deps.videos,
      { userId: job.userId, videoId: job.videoId, target: target.name },
      {
        minIntervalMs: deps.progressIntervalMs,
        onError: (error) => log.warn({ err: error }, 'progress write failed'),
      },
    );
    const output = await phases.time('transcode', () =>
      withStallWatchdog(attempt.signal, deps.stallSeconds, (signal, touch) =>
        produce({
          job,
          target,
          ...media,
          signal,
          uploadSignal: attempt.signal,
          media: deps.media,
          objects: deps.objects,
          onProgress: (p) => {
            touch();
            onActivity?.();
            if (owned()) progress.sample(p);
          },
          onUploaded: () => onActivity?.(),
        }),
      ),
    );
    await progress.flush();
    return output;
  }

  /** Undefined when the video was deleted meanwhile. */
  async function markReady(attempt: Attempt, output: RenditionOutput) {
    let wasReady = false;
    const result = await update(attempt, (v) => {
      wasReady = v.status === 'READY';
      return completeRendition(v, attempt.target.name, output, now());
    });
    if (result?.changed && !wasReady) observeTimeToReady(attempt.target.name, result.video);
    return result;
  }

  /** Deleted while we worked: do not leave outputs nobody owns. */
  async function discard({ job, target }: Attempt, output: RenditionOutput): Promise<JobOutcome> {
    const prefix = target.kind === 'hls' ? hlsPrefix(job.userId, job.videoId) : output.key;
    await deps.objects.deletePrefix(prefix);
    return skipped('video was deleted during the job');
  }

  /** A poster is nice to have: failing to make one never fails the job. */
  async function makePoster(attempt: Attempt, input: string, source: MediaInfo, workDir: string) {
    const { job, signal: attemptSignal, log } = attempt;
    try {
      const output = join(workDir, 'poster.jpg');
      // No progress to watch for one frame: the stall time is its whole budget.
      await withStallWatchdog(attemptSignal, deps.stallSeconds, (signal) =>
        deps.media.poster({ input, output, source, signal }),
      );
      const key = posterKey(job.userId, job.videoId);
      await deps.objects.uploadFile(key, output, 'image/jpeg', attemptSignal);
      await update(attempt, (v) => recordPoster(v, key, now()));
    } catch (error) {
      if (attemptSignal.aborted) throw error;
      log.warn({ err: error }, 'poster failed; the job goes on');
    }
  }

  /** Upload complete -> first READY rendition; videos from before `uploadedAt` existed are left out. */
  function observeTimeToReady(quality: JobTarget, video: Video): void {
    if (video.status !== 'READY' || !video.uploadedAt) return;
    const seconds = (Date.parse(video.updatedAt) - Date.parse(video.uploadedAt)) / 1000;
    if (Number.isFinite(seconds) && seconds >= 0) deps.onTimeToReady?.(quality, seconds);
  }

  function update(attempt: Attempt, mutate: VideoMutation) {
    return status.update(attempt.job, mutate, deps.logger);
  }

  /** One folder per receive of one message: a duplicate message of the same job, or another
   * worker process sharing the scratch disk (npm start), never touches this attempt's files. */
  function workDirOf({ job, message }: Attempt): string {
    const name = `job-${job.jobId}-${message.messageId}-${message.receiveCount}`;
    return join(deps.scratchDir, name.replace(/[^\w.-]/g, '_'));
  }

  return handle;
}

function skipped(reason: string): JobOutcome {
  return { kind: 'skipped', reason };
}
