import { isTerminal, type JobTarget, type Rendition, type Video } from '@videoforge/core';

export interface VideoExtras {
  posterUrl?: string;
  /** Jobs waiting ahead in the queue (approximate), while any rendition is still QUEUED. */
  queuePosition?: number;
}

type RenditionView = Omit<Rendition, 'diagnostic'>;

export type VideoView = Omit<Video, 'version' | 'renditions'> & {
  renditions: Partial<Record<JobTarget, RenditionView>>;
  /** 0-100 over the renditions still running, with the longest of their ETAs. */
  progress?: { percent: number; etaSeconds?: number };
} & VideoExtras;

/**
 * What clients see of a video: everything but internal bookkeeping and the operators' diagnostics
 * (tool output may name hosts and ports), plus progress.
 */
export function toVideoView(video: Video, extras: VideoExtras = {}): VideoView {
  const { version: _version, renditions, ...view } = video;
  return {
    ...view,
    renditions: withoutDiagnostics(renditions),
    progress: summariseProgress(video),
    ...extras,
  };
}

function withoutDiagnostics(renditions: Video['renditions']): VideoView['renditions'] {
  const views: VideoView['renditions'] = {};
  for (const [target, rendition] of Object.entries(renditions) as [JobTarget, Rendition][]) {
    const { diagnostic: _diagnostic, ...view } = rendition;
    views[target] = view;
  }
  return views;
}

export function hasQueuedRendition(video: Video): boolean {
  return (
    video.status !== 'PENDING_UPLOAD' &&
    Object.values(video.renditions).some((r) => r.status === 'QUEUED')
  );
}

function summariseProgress(video: Video): VideoView['progress'] {
  const running = Object.values(video.renditions).filter((r) => !isTerminal(r.status));
  if (running.length === 0 || video.status === 'PENDING_UPLOAD') return undefined;
  const percent = Math.round(
    running.reduce((sum, r) => sum + (r.progress ?? 0), 0) / running.length,
  );
  const etas = running.map((r) => r.etaSeconds).filter((e): e is number => e !== undefined);
  return { percent, etaSeconds: etas.length > 0 ? Math.max(...etas) : undefined };
}
