import {
  isTerminal,
  lastSignOfLifeMs,
  type JobTarget,
  type Rendition,
  type Video,
} from '@videoforge/core';

export interface VideoExtras {
  posterUrl?: string;
  /** Jobs waiting ahead in the queue (approximate), while any rendition is still QUEUED. */
  queuePosition?: number;
}

/** When the view is taken, and how long a running rendition may stay silent before it is lost. */
export interface ViewClock {
  nowMs: number;
  staleAfterSeconds: number;
}

type RenditionView = Omit<Rendition, 'diagnostic' | 'aliveAt'> & {
  /**
   * Its worker stopped reporting (killed, or the attempt failed) and the job waits for another
   * worker to take it: no progress or ETA is shown, since neither is moving.
   */
  waitingForRetry?: true;
  /** Seconds since the worker last showed life, while waiting for a retry. */
  silentSeconds?: number;
};

export type VideoView = Omit<Video, 'version' | 'renditions' | 'outbox'> & {
  renditions: Partial<Record<JobTarget, RenditionView>>;
  /** 0-100 over the renditions still running, with the longest of their ETAs. */
  progress?: { percent: number; etaSeconds?: number; waitingForRetry?: true };
} & VideoExtras;

/**
 * What clients see of a video: everything but internal bookkeeping and the operators' diagnostics
 * (tool output may name hosts and ports), plus progress that never claims more than is known.
 */
export function toVideoView(video: Video, extras: VideoExtras, clock: ViewClock): VideoView {
  const { version: _version, outbox: _outbox, renditions: stored, ...view } = video;
  const renditions: VideoView['renditions'] = {};
  for (const [target, rendition] of Object.entries(stored) as [JobTarget, Rendition][]) {
    renditions[target] = renditionView(rendition, clock);
  }
  return { ...view, renditions, progress: summariseProgress(video, renditions), ...extras };
}

function renditionView(rendition: Rendition, clock: ViewClock): RenditionView {
  const { diagnostic: _diagnostic, aliveAt: _aliveAt, ...view } = rendition;
  if (rendition.status !== 'PROCESSING') return view;
  const silentSeconds = Math.max(0, Math.round((clock.nowMs - lastSignOfLifeMs(rendition)) / 1000));
  // A retryable failure was recorded, or the worker fell silent: either way nobody works on it now.
  if (rendition.error === undefined && silentSeconds <= clock.staleAfterSeconds) return view;
  const { progress: _progress, etaSeconds: _eta, ...waiting } = view;
  return { ...waiting, waitingForRetry: true, silentSeconds };
}

export function hasQueuedRendition(video: Video): boolean {
  return (
    video.status !== 'PENDING_UPLOAD' &&
    Object.values(video.renditions).some((r) => r.status === 'QUEUED')
  );
}

function summariseProgress(
  video: Video,
  renditions: VideoView['renditions'],
): VideoView['progress'] {
  const running = Object.values(renditions).filter((r) => !isTerminal(r.status));
  if (running.length === 0 || video.status === 'PENDING_UPLOAD') return undefined;
  const percent = Math.round(
    running.reduce((sum, r) => sum + (r.progress ?? 0), 0) / running.length,
  );
  const waiting = running.some((r) => r.waitingForRetry === true);
  const etas = running.map((r) => r.etaSeconds).filter((e): e is number => e !== undefined);
  // No ETA while any part waits for a retry: when it resumes is not known.
  const etaSeconds = !waiting && etas.length > 0 ? Math.max(...etas) : undefined;
  return waiting ? { percent, etaSeconds, waitingForRetry: true } : { percent, etaSeconds };
}
