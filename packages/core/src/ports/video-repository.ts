import type { Video } from '../domain/video.ts';

export interface Page<T> {
  items: T[];
  nextCursor?: string;
}

/** Returns the next state, or undefined to write nothing. */
export type VideoMutation = (current: Video) => Video | undefined;

export interface VideoRepository {
  /** Fails with ConflictError if the video exists already. */
  create(video: Video): Promise<void>;
  get(userId: string, videoId: string): Promise<Video | undefined>;
  listByUser(userId: string, opts: { limit: number; cursor?: string }): Promise<Page<Video>>;
  /**
   * Read-modify-write with an optimistic condition on `version`; retried on a lost race.
   * Resolves to the stored video after the change, the unchanged one when the mutation returned
   * undefined, or undefined when the video does not exist.
   */
  update(
    userId: string,
    videoId: string,
    mutate: VideoMutation,
  ): Promise<{ video: Video; changed: boolean } | undefined>;
  delete(userId: string, videoId: string): Promise<void>;
  ping(): Promise<void>;
}
