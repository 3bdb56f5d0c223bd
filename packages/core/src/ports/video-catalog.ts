import type { Video, VideoStatus } from '../domain/video.ts';
import type { Page } from './video-repository.ts';

export interface StorageUsage {
  videoCount: number;
  /** Uploaded sources plus every recorded rendition, in bytes. */
  storageBytes: number;
}

/**
 * Cross-user reads for operators. Users only ever see their own videos through VideoRepository;
 * this port is wired into the admin service alone.
 */
export interface VideoCatalog {
  /** Videos in one status across all users, newest first (the status index). */
  listByStatus(status: VideoStatus, opts: { limit: number; cursor?: string }): Promise<Page<Video>>;
  usageOf(userId: string): Promise<StorageUsage>;
}
