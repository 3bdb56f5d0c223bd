import type { JobMessage, Video, VideoMutation, VideoRepository } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import { retryWithBackoff, type RetryPolicy } from './retry.ts';

export const STATUS_WRITE_RETRY: RetryPolicy = {
  firstDelayMs: 250,
  maxDelayMs: 4000,
  budgetMs: 30_000,
};

type VideoIds = Pick<JobMessage, 'userId' | 'videoId'>;

/**
 * A job's reads and writes of its video. They ride out a short outage of the table: losing a
 * status write would leave a wrong status behind.
 */
export function createStatusWrites(videos: VideoRepository, policy = STATUS_WRITE_RETRY) {
  function retrying<T>(operation: () => Promise<T>, log: Logger): Promise<T> {
    return retryWithBackoff(operation, policy, undefined, (error, delayMs) =>
      log.warn({ err: error, retryInMs: delayMs }, 'video table unavailable; retrying'),
    );
  }
  return {
    read: (ids: VideoIds, log: Logger): Promise<Video | undefined> =>
      retrying(() => videos.get(ids.userId, ids.videoId), log),
    /** Undefined when the video was deleted. */
    update: (ids: VideoIds, mutate: VideoMutation, log: Logger) =>
      retrying(() => videos.update(ids.userId, ids.videoId, mutate), log),
  };
}

export type StatusWrites = ReturnType<typeof createStatusWrites>;
