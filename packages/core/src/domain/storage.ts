import type { Video } from './video.ts';

/**
 * Bytes a video holds in the bucket, as recorded: the uploaded source (a declared size does not
 * count until the upload arrived) plus every rendition with a recorded size.
 */
export function storageBytesOf(video: Pick<Video, 'status' | 'sizeBytes' | 'renditions'>): number {
  const source = video.status === 'PENDING_UPLOAD' ? 0 : (video.sizeBytes ?? 0);
  const renditions = Object.values(video.renditions ?? {}).reduce(
    (sum, r) => sum + (r?.sizeBytes ?? 0),
    0,
  );
  return source + renditions;
}
