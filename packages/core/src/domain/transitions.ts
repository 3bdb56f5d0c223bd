import { RetryLimitError } from '../errors.ts';
import type { JobTarget } from './qualities.ts';
import type {
  Failure,
  JobClaim,
  Rendition,
  RenditionStatus,
  SourceInfo,
  Video,
  VideoStatus,
} from './video.ts';

/**
 * Pure state transitions. Each returns the new video, or `undefined` when the change does not
 * apply (a duplicate or late event): callers then write nothing, so nothing ever moves backwards.
 */
export type Transition = Video | undefined;

const TERMINAL_RENDITION: readonly RenditionStatus[] = ['READY', 'FAILED', 'SKIPPED'];

export function isTerminal(status: RenditionStatus): boolean {
  return TERMINAL_RENDITION.includes(status);
}

/** Nothing more will happen to a settled video unless someone asks for it (a rendition, an edit). */
export function isSettled(video: Video): boolean {
  if (video.status !== 'READY' && video.status !== 'FAILED') return false;
  return Object.values(video.renditions).every((r) => isTerminal(r.status));
}

/** The video's status follows from its renditions once the source is uploaded. */
export function deriveStatus(video: Video): VideoStatus {
  if (video.status === 'PENDING_UPLOAD') return 'PENDING_UPLOAD';
  const states = Object.values(video.renditions).map((r) => r.status);
  if (states.includes('READY')) return 'READY';
  if (states.includes('PROCESSING')) return 'PROCESSING';
  if (states.includes('QUEUED')) return video.status === 'UPLOADED' ? 'UPLOADED' : 'PROCESSING';
  if (states.length > 0 && states.includes('FAILED')) return 'FAILED';
  // Every rung asked for is taller than the source: nothing will ever play.
  if (states.length > 0 && states.every((s) => s === 'SKIPPED')) return 'FAILED';
  return video.status;
}

/** Why a video whose every rendition was skipped FAILED (no rendition carries an error). */
export const NOTHING_TO_PRODUCE: Failure = {
  code: 'UNSUPPORTED_FORMAT',
  message:
    'every rendition asked for is taller than the source and videos are never upscaled; ask for a smaller rendition or hls',
};

function withRendition(video: Video, target: JobTarget, rendition: Rendition, now: string): Video {
  const next: Video = {
    ...video,
    renditions: { ...video.renditions, [target]: rendition },
    updatedAt: now,
  };
  next.status = deriveStatus(next);
  next.failure = next.status === 'FAILED' ? (rendition.error ?? NOTHING_TO_PRODUCE) : undefined;
  return next;
}

export function markUploaded(video: Video, sizeBytes: number, now: string): Transition {
  if (video.status !== 'PENDING_UPLOAD') return undefined;
  return { ...video, status: 'UPLOADED', sizeBytes, uploadedAt: now, updatedAt: now };
}

export function recordSource(video: Video, source: SourceInfo, now: string): Transition {
  const same =
    video.durationSec === source.durationSec &&
    video.width === source.width &&
    video.height === source.height;
  if (same) return undefined;
  const { durationSec, width, height } = source;
  return { ...video, durationSec, width, height, updatedAt: now };
}

/** Times an owner may ask again for FAILED renditions of one video, unless configured otherwise. */
export const DEFAULT_MAX_REQUEUES = 3;

/** Whether asking for this rendition would queue a job: it was never asked for, or it FAILED. */
export function needsQueueing(video: Video, target: JobTarget): boolean {
  const current = video.renditions[target];
  return !current || current.status === 'FAILED';
}

/**
 * Queue a rendition. Re-asking for one that is queued, running or done is a no-op (no second
 * job). A FAILED one may be asked for again, at most `maxRequeues` times per video in all: each
 * retry is a whole transcode, and a source that always fails would otherwise cost one per request.
 * Throws RetryLimitError past the cap.
 */
export function queueRendition(
  video: Video,
  target: JobTarget,
  now: string,
  maxRequeues = DEFAULT_MAX_REQUEUES,
): Transition {
  if (!needsQueueing(video, target)) return undefined;
  const next = withRendition(video, target, { status: 'QUEUED', updatedAt: now }, now);
  if (video.renditions[target]?.status !== 'FAILED') return next;
  const requeues = video.requeues ?? 0;
  if (requeues >= maxRequeues) throw new RetryLimitError(maxRequeues);
  return { ...next, requeues: requeues + 1 };
}

/**
 * A worker picked the job up. Also applies to a retry of a job that was already PROCESSING, and
 * to a job whose worker was lost. Not to a second message of the same job while the message that
 * runs it still shows life (silent for at most `staleAfterMs`): that one is a duplicate.
 */
export function startRendition(
  video: Video,
  target: JobTarget,
  now: string,
  claim?: JobClaim & { staleAfterMs: number },
): Transition {
  const current = video.renditions[target];
  if (current && isTerminal(current.status)) return undefined;
  if (claim && current && isRunByAnotherMessage(current, claim, Date.parse(now))) return undefined;
  const attempts = (current?.attempts ?? 0) + 1;
  const rendition: Rendition = { status: 'PROCESSING', attempts, updatedAt: now };
  if (claim) rendition.claim = { jobId: claim.jobId, messageId: claim.messageId };
  return withRendition(video, target, rendition, now);
}

function isRunByAnotherMessage(
  current: Rendition,
  claim: JobClaim & { staleAfterMs: number },
  nowMs: number,
): boolean {
  if (current.status !== 'PROCESSING' || current.claim === undefined) return false;
  if (current.claim.jobId !== claim.jobId || current.claim.messageId === claim.messageId)
    return false;
  return nowMs - lastSignOfLifeMs(current) <= claim.staleAfterMs;
}

/** When the worker running a rendition last showed life: its last write, or its last sign of life. */
export function lastSignOfLifeMs(rendition: Rendition): number {
  return Math.max(Date.parse(rendition.updatedAt), Date.parse(rendition.aliveAt ?? '') || 0);
}

/** True when `claim` is the one running the rendition (after startRendition). */
export function isClaimedBy(video: Video, target: JobTarget, claim: JobClaim): boolean {
  const current = video.renditions[target]?.claim;
  return current?.jobId === claim.jobId && current.messageId === claim.messageId;
}

export interface RenditionOutput {
  key: string;
  sizeBytes: number;
}

export function completeRendition(
  video: Video,
  target: JobTarget,
  output: RenditionOutput,
  now: string,
): Transition {
  const current = video.renditions[target];
  if (current && isTerminal(current.status)) return undefined;
  const rendition: Rendition = {
    ...output,
    status: 'READY',
    attempts: current?.attempts,
    progress: 100,
    updatedAt: now,
  };
  return withRendition(video, target, rendition, now);
}

export function skipRendition(
  video: Video,
  target: JobTarget,
  reason: string,
  now: string,
): Transition {
  const current = video.renditions[target];
  if (current && isTerminal(current.status)) return undefined;
  return withRendition(
    video,
    target,
    { status: 'SKIPPED', skipReason: reason, updatedAt: now },
    now,
  );
}

/**
 * A failure that will be retried: the rendition waits for another attempt (no progress or ETA
 * while nobody works on it); the failure is kept for users.
 */
export function noteRetryableFailure(
  video: Video,
  target: JobTarget,
  failure: Failure,
  now: string,
  diagnostic?: string,
): Transition {
  const current = video.renditions[target];
  if (!current || isTerminal(current.status)) return undefined;
  const { progress: _progress, etaSeconds: _eta, ...rest } = current;
  const rendition: Rendition = { ...rest, error: failure, diagnostic, updatedAt: now };
  return withRendition(video, target, rendition, now);
}

export function failRendition(
  video: Video,
  target: JobTarget,
  failure: Failure,
  now: string,
  diagnostic?: string,
): Transition {
  const current = video.renditions[target];
  if (current && isTerminal(current.status)) return undefined;
  const rendition: Rendition = {
    status: 'FAILED',
    error: failure,
    diagnostic,
    attempts: current?.attempts,
    updatedAt: now,
  };
  return withRendition(video, target, rendition, now);
}

/** Progress of a running rendition; ignored once it finished, so a late sample never reopens it. */
export function recordProgress(
  video: Video,
  target: JobTarget,
  progress: { percent: number; etaSeconds?: number },
  now: string,
): Transition {
  const current = video.renditions[target];
  if (current?.status !== 'PROCESSING') return undefined;
  const percent = Math.max(0, Math.min(100, Math.round(progress.percent)));
  if (current.progress !== undefined && percent <= current.progress) return undefined;
  const rendition: Rendition = {
    ...current,
    progress: percent,
    etaSeconds: progress.etaSeconds,
    updatedAt: now,
  };
  return withRendition(video, target, rendition, now);
}

/**
 * The worker running a rendition is alive (written when nothing else was for a while), so readers
 * can tell a rendition in progress from one whose worker was lost.
 */
export function recordAlive(video: Video, target: JobTarget, now: string): Transition {
  const current = video.renditions[target];
  if (current?.status !== 'PROCESSING') return undefined;
  return withRendition(video, target, { ...current, aliveAt: now }, now);
}

export function recordPoster(video: Video, key: string, now: string): Transition {
  return video.posterKey === key ? undefined : { ...video, posterKey: key, updatedAt: now };
}
