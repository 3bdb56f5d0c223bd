import {
  ConflictError,
  type Page,
  type StorageUsage,
  type Video,
  type VideoCatalog,
  type VideoMutation,
  type VideoRepository,
  type VideoStatus,
} from '@videoforge/core';

type Operation = 'create' | 'get' | 'update' | 'delete';

/**
 * VideoRepository (and the admin's VideoCatalog) in memory, with DynamoDB's contract: reads are
 * copies, `update` is a read-modify-write that bumps `version`, lookups are scoped to the owner.
 */
export class InMemoryVideos implements VideoRepository, VideoCatalog {
  /** Stored videos by id; tests may read and seed it directly. */
  readonly items = new Map<string, Video>();
  /** Ids in the order `delete` removed them. */
  readonly deleted: string[] = [];
  /** Calls of each operation from now on throw this error, until set back to undefined. */
  readonly failing: Partial<Record<Operation, Error>> = {};

  constructor(videos: readonly Video[] = []) {
    for (const video of videos) this.items.set(video.videoId, structuredClone(video));
  }

  async create(video: Video): Promise<void> {
    this.throwIfFailing('create');
    if (this.items.has(video.videoId)) throw new ConflictError('video exists already');
    this.items.set(video.videoId, structuredClone(video));
  }

  async get(userId: string, videoId: string): Promise<Video | undefined> {
    this.throwIfFailing('get');
    const video = this.owned(userId, videoId);
    return video && structuredClone(video);
  }

  async listByUser(userId: string, opts?: { limit: number }): Promise<Page<Video>> {
    const items = [...this.items.values()].filter((v) => v.userId === userId);
    return { items: items.slice(0, opts?.limit).map((v) => structuredClone(v)) };
  }

  async update(userId: string, videoId: string, mutate: VideoMutation) {
    this.throwIfFailing('update');
    const current = this.owned(userId, videoId);
    if (!current) return undefined;
    const next = mutate(structuredClone(current));
    if (!next) return { video: structuredClone(current), changed: false };
    const stored = { ...next, version: current.version + 1 };
    this.items.set(videoId, structuredClone(stored));
    return { video: structuredClone(stored), changed: true };
  }

  async delete(userId: string, videoId: string): Promise<void> {
    this.throwIfFailing('delete');
    if (!this.owned(userId, videoId)) return;
    this.items.delete(videoId);
    this.deleted.push(videoId);
  }

  async ping(): Promise<void> {}

  async listByStatus(status: VideoStatus): Promise<Page<Video>> {
    return {
      items: [...this.items.values()]
        .filter((v) => v.status === status)
        .map((v) => structuredClone(v)),
    };
  }

  async usageOf(userId: string): Promise<StorageUsage> {
    const owned = [...this.items.values()].filter((v) => v.userId === userId);
    return {
      videoCount: owned.length,
      storageBytes: owned.reduce((sum, v) => sum + v.sizeBytes, 0),
    };
  }

  private owned(userId: string, videoId: string): Video | undefined {
    const video = this.items.get(videoId);
    return video?.userId === userId ? video : undefined;
  }

  private throwIfFailing(operation: Operation): void {
    const error = this.failing[operation];
    if (error) throw error;
  }
}
