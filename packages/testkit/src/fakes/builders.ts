import { newJobMessage, type JobMessage, type JobTarget, type Video } from '@videoforge/core';

export const A_USER_ID = 'user-1';
export const A_VIDEO_ID = '0193a000-0000-7000-8000-000000000001';

/** A video whose source is uploaded; override any field. */
export function aVideo(overrides: Partial<Video> = {}): Video {
  const at = '2026-11-30T10:00:00.000Z';
  const userId = overrides.userId ?? A_USER_ID;
  const videoId = overrides.videoId ?? A_VIDEO_ID;
  return {
    videoId,
    userId,
    title: 'Clip',
    description: '',
    status: 'PROCESSING',
    sourceKey: `raw/${userId}/${videoId}.mp4`,
    sizeBytes: 1000,
    contentType: 'video/mp4',
    renditions: {},
    uploadedAt: at,
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...overrides,
  };
}

/** The job message the API or the Lambda would send for one target of `video`. */
export function aJobMessage(
  video: Pick<Video, 'videoId' | 'userId' | 'sourceKey'>,
  target: JobTarget,
  overrides: Partial<JobMessage> = {},
): JobMessage {
  return {
    ...newJobMessage({
      jobId: `job-${video.videoId}-${target}`,
      video,
      target,
      bucket: 'videos-test',
      now: '2026-11-30T10:00:00.000Z',
    }),
    ...overrides,
  };
}
