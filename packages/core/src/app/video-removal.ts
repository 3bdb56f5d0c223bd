import { QUALITIES } from '../domain/qualities.ts';
import { clearReservation } from '../domain/quotas.ts';
import { hlsPrefix, posterKey, renditionKey } from '../domain/keys.ts';
import type { Video } from '../domain/video.ts';
import type { ObjectStore } from '../ports/object-store.ts';
import type { UsageLedger } from '../ports/usage-ledger.ts';
import type { VideoRepository } from '../ports/video-repository.ts';

export interface VideoRemovalDeps {
  videos: VideoRepository;
  objects: ObjectStore;
  usage: Pick<UsageLedger, 'releaseVideo'>;
  now: () => string;
}

/**
 * Deletes a video and everything it stored, and gives its quota back. Used by its owner's delete
 * and by maintenance (an upload abandoned for a day). Safe to repeat after a crash half-way.
 */
export async function removeVideo(deps: VideoRemovalDeps, video: Video): Promise<void> {
  await removeVideoObjects(deps.objects, video);
  await releaseReservation(deps, video);
  await deps.videos.delete(video.userId, video.videoId);
}

/** Only the call whose write clears the reservation gives it back: never twice. */
export async function releaseReservation(
  deps: Pick<VideoRemovalDeps, 'videos' | 'usage' | 'now'>,
  video: Video,
): Promise<void> {
  const { userId, videoId, reservedBytes } = video;
  if (reservedBytes === undefined) return;
  const cleared = await deps.videos.update(userId, videoId, (v) => clearReservation(v, deps.now()));
  if (cleared?.changed) await deps.usage.releaseVideo(userId, reservedBytes);
}

/**
 * Removes everything a video stored: every version of its source, renditions, poster and HLS
 * ladder (the bucket is versioned, so a plain delete would keep them for 30 days behind a delete
 * marker), and the parts of an upload still open.
 */
export async function removeVideoObjects(objects: ObjectStore, video: Video): Promise<void> {
  const { userId, videoId } = video;
  if (video.multipartUpload) {
    // Best effort: an upload already completed or aborted has nothing left, and parts that stay
    // are removed by the bucket's rule for incomplete uploads (2 days); the versions matter more.
    await objects
      .abortMultipartUpload(video.sourceKey, video.multipartUpload.uploadId)
      .catch(() => undefined);
  }
  await objects.purgeVersions({
    keys: [
      video.sourceKey,
      ...QUALITIES.map((q) => renditionKey(q, userId, videoId)),
      posterKey(userId, videoId),
    ],
    prefixes: [hlsPrefix(userId, videoId)],
  });
}
