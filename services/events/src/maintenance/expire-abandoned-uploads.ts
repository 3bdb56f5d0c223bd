import { removeVideo, type VideoCatalog, type VideoRemovalDeps } from '@videoforge/core';

export interface ExpireDeps extends VideoRemovalDeps {
  catalog: VideoCatalog;
  clock: () => Date;
  /** A video still PENDING_UPLOAD this long after it was created is abandoned. */
  abandonedAfterMs: number;
}

const PAGE = 100;

/**
 * Removes uploads nobody finished: the record, the parts of an open multipart upload, whatever
 * was stored, and the quota they held. The status index lists newest first, so the pass reads
 * until the end of the index and acts only on the old ones.
 */
export async function expireAbandonedUploads(
  deps: ExpireDeps,
): Promise<{ [key: string]: number; expired: number; examined: number }> {
  const cutoff = deps.clock().getTime() - deps.abandonedAfterMs;
  const counts = { expired: 0, examined: 0 };
  let cursor: string | undefined;
  do {
    const page = await deps.catalog.listByStatus('PENDING_UPLOAD', { limit: PAGE, cursor });
    for (const video of page.items) {
      counts.examined++;
      if (Date.parse(video.createdAt) > cutoff) continue;
      // Read again: the upload may have completed since the listing.
      const current = await deps.videos.get(video.userId, video.videoId);
      if (current?.status !== 'PENDING_UPLOAD') continue;
      await removeVideo(deps, current);
      counts.expired++;
    }
    cursor = page.nextCursor;
  } while (cursor);
  return counts;
}
