import {
  failRendition,
  isJobTarget,
  noteRetryableFailure,
  type Failure,
  type JobMessage,
  type JobTargetSpec,
  type ReceivedMessage,
  type VideoRepository,
} from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import type { AttemptDeadline } from './deadline.ts';
import { classifyFailure, type JobFailure } from './failures.ts';
import type { JobOutcome } from './outcome.ts';
import { StalledError } from './stall-watchdog.ts';
import type { StatusWrites } from './status-writes.ts';

/** One receive of one job, as failure handling needs to know it. */
export interface FailingAttempt {
  job: JobMessage;
  target: JobTargetSpec;
  message: ReceivedMessage;
  log: Logger;
}

export interface FailureHandlingDeps {
  videos: VideoRepository;
  status: StatusWrites;
  /** On this receive a failure becomes final: the next receive moves the message to the DLQ. */
  maxReceives: number;
  maxFramePixels: number;
  onStall?: () => void;
  now: () => string;
  logger: Logger;
}

const WRONG_BUCKET: Failure = {
  code: 'INTERNAL',
  message: 'the job was sent to a worker that cannot read its file',
};
const MALFORMED_JOB: Failure = { code: 'INTERNAL', message: 'the job could not be read' };

/** How a failed attempt becomes an outcome, with the rendition's status written to match. */
export function createFailureHandling(deps: FailureHandlingDeps) {
  /** An attempt that threw: handed back at shutdown, otherwise classified and recorded. */
  function fromError(
    attempt: FailingAttempt,
    error: unknown,
    stops: { shutdown: AbortSignal; deadline: AttemptDeadline },
  ): Promise<JobOutcome> {
    if (stops.shutdown.aborted) return Promise.resolve({ kind: 'returned' });
    // Past the deadline, whatever the aborted work threw, the deadline was the cause.
    const cause: unknown = stops.deadline.expired ? stops.deadline.signal.reason : error;
    if (cause instanceof StalledError) deps.onStall?.();
    return record(attempt, classifyFailure(cause, deps.maxFramePixels));
  }

  /** A worker serves one bucket (its IAM role allows no other): this job can never succeed here. */
  function wrongBucket(attempt: FailingAttempt, servedBucket: string): Promise<JobOutcome> {
    const diagnostic = `job names bucket ${attempt.job.bucket}, worker serves ${servedBucket}`;
    return record(attempt, { failure: WRONG_BUCKET, diagnostic, final: true });
  }

  /** Retryable until the last receive, final then (or at once when the failure says so). */
  async function record(attempt: FailingAttempt, failed: JobFailure): Promise<JobOutcome> {
    const { job, target, message, log } = attempt;
    const { failure: shown, diagnostic } = failed;
    const final = failed.final === true || message.receiveCount >= deps.maxReceives;
    const receiveCount = message.receiveCount;
    log.warn({ code: shown.code, diagnostic, receiveCount, final }, 'job failed');
    try {
      await deps.status.update(
        job,
        (v) =>
          final
            ? failRendition(v, target.name, shown, deps.now(), diagnostic)
            : noteRetryableFailure(v, target.name, shown, deps.now(), diagnostic),
        deps.logger,
      );
    } catch (error) {
      log.error({ err: error }, 'could not record the failure; SQS will retry the job');
    }
    const reason = `${shown.code}: ${shown.message}`;
    return final ? { kind: 'failed', reason } : { kind: 'retry', reason };
  }

  /** A body that is not a valid job can never succeed: record why (when we know the video) and drop it. */
  async function malformed(
    reason: string,
    ids: { videoId?: string; userId?: string; quality?: string },
  ): Promise<JobOutcome> {
    deps.logger.error({ reason, ...ids }, 'malformed job message');
    const { userId, videoId, quality } = ids;
    if (userId && videoId && quality && isJobTarget(quality)) {
      await deps.videos
        .update(userId, videoId, (v) =>
          failRendition(v, quality, MALFORMED_JOB, deps.now(), reason),
        )
        .catch((error: unknown) =>
          deps.logger.error({ err: error }, 'could not record the malformed job'),
        );
    }
    return { kind: 'failed', reason };
  }

  return { fromError, wrongBucket, record, malformed };
}
