import type { JobTarget } from './qualities.ts';
import { deriveStatus, type Transition } from './transitions.ts';
import type { Video } from './video.ts';

/**
 * An operator sends a dead-lettered job back to the jobs queue: its rendition returns to QUEUED,
 * with the previous error and attempt count cleared, so the worker starts over with a full set of
 * receives. Returns undefined when there is nothing to redo: the rendition became READY or SKIPPED
 * some other way (asked for again, or a duplicate job finished it), so the dead letter is obsolete.
 */
export function requeueDeadLetter(video: Video, target: JobTarget, now: string): Transition {
  const current = video.renditions[target];
  if (current?.status === 'READY' || current?.status === 'SKIPPED') return undefined;
  const next: Video = {
    ...video,
    renditions: { ...video.renditions, [target]: { status: 'QUEUED', updatedAt: now } },
    updatedAt: now,
  };
  next.status = deriveStatus(next);
  if (next.status !== 'FAILED') next.failure = undefined;
  return next;
}
