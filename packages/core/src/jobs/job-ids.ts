import { createHash } from 'node:crypto';
import type { JobTarget } from '../domain/qualities.ts';
import type { Video } from '../domain/video.ts';

/**
 * One id per rendition of one upload, however often the event is delivered or the Lambda retried:
 * messages sent twice then carry the same job, and workers run it once.
 */
export function uploadJobId(video: Video, target: JobTarget): string {
  const digest = createHash('sha256')
    .update(`${video.videoId}\n${target}\n${video.uploadedAt ?? video.createdAt}`)
    .digest('hex');
  // Shaped as a UUID (version 8: custom) so that logs and tools treat it like the others.
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-a${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
}
