import type { Video } from '../api/types.ts';

/** The poster is made after the first rendition is READY: pages look for it a little longer. */
const POSTER_GRACE_MS = 30_000;

export function awaitsPoster(video: Video, nowMs = Date.now()): boolean {
  return (
    !video.posterUrl &&
    video.status === 'READY' &&
    nowMs - Date.parse(video.updatedAt) < POSTER_GRACE_MS
  );
}
