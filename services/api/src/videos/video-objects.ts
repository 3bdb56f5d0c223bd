import {
  QUALITIES,
  hlsPrefix,
  posterKey,
  renditionKey,
  type ObjectStore,
  type Video,
} from '@videoforge/core';

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
