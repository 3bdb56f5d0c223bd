import type { Cache } from '../ports/cache.ts';
import type { Page, VideoMutation, VideoRepository } from '../ports/video-repository.ts';
import type { Video } from '../domain/video.ts';
import { isSettled } from '../domain/transitions.ts';

export type CacheResult = 'hit' | 'miss' | 'error';

export interface CachedVideoRepositoryOptions {
  /** For settled videos (READY or FAILED with every rendition finished). */
  ttlSeconds: number;
  /**
   * For videos still in flight. Every writer invalidates, but a writer that cannot reach the cache
   * (a Lambda outside the VPC) must not leave a stale status for the full TTL.
   */
  unsettledTtlSeconds: number;
  /** Called once per cache lookup; wire a metric to it. */
  onLookup?: (result: CacheResult) => void;
  /** Called when the cache fails; reads and writes still go to the repository. */
  onError?: (error: unknown, operation: string) => void;
}

/**
 * Read-through cache in front of the video repository. The cache is an optimisation only:
 * when it is down, every call still answers correctly from the repository.
 */
export class CachedVideoRepository implements VideoRepository {
  private readonly inner: VideoRepository;
  private readonly cache: Cache;
  private readonly options: CachedVideoRepositoryOptions;
  /** Repository reads in flight by cache key; a write drops its key's, so later reads see it. */
  private readonly loading = new Map<string, Promise<string | undefined>>();

  constructor(inner: VideoRepository, cache: Cache, options: CachedVideoRepositoryOptions) {
    this.inner = inner;
    this.cache = cache;
    this.options = options;
  }

  async get(userId: string, videoId: string): Promise<Video | undefined> {
    const key = cacheKey(userId, videoId);
    const cached = await this.attempt('get', () => this.cache.get(key));
    if (cached.ok && cached.value !== undefined) {
      this.options.onLookup?.('hit');
      return JSON.parse(cached.value) as Video;
    }
    this.options.onLookup?.(cached.ok ? 'miss' : 'error');
    const text = await this.loadOnce(key, () => this.load(userId, videoId, key, cached.ok));
    // Each caller parses its own copy: callers may change what they get.
    return text === undefined ? undefined : (JSON.parse(text) as Video);
  }

  /** Concurrent misses of one key (a hot entry just expired) share one repository read. */
  private loadOnce(key: string, load: () => Promise<string | undefined>) {
    let loading = this.loading.get(key);
    if (!loading) {
      loading = load().finally(() => {
        if (this.loading.get(key) === loading) this.loading.delete(key);
      });
      this.loading.set(key, loading);
    }
    return loading;
  }

  private async load(userId: string, videoId: string, key: string, fill: boolean) {
    const video = await this.inner.get(userId, videoId);
    if (!video) return undefined;
    const text = JSON.stringify(video);
    if (fill) {
      const ttl = isSettled(video) ? this.options.ttlSeconds : this.options.unsettledTtlSeconds;
      await this.attempt('set', () => this.cache.set(key, text, ttl));
    }
    return text;
  }

  create(video: Video): Promise<void> {
    return this.inner.create(video);
  }

  listByUser(userId: string, opts: { limit: number; cursor?: string }): Promise<Page<Video>> {
    return this.inner.listByUser(userId, opts);
  }

  async update(userId: string, videoId: string, mutate: VideoMutation) {
    const result = await this.inner.update(userId, videoId, mutate);
    if (result?.changed) await this.invalidate(userId, videoId);
    return result;
  }

  async delete(userId: string, videoId: string): Promise<void> {
    await this.inner.delete(userId, videoId);
    await this.invalidate(userId, videoId);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  private async invalidate(userId: string, videoId: string): Promise<void> {
    const key = cacheKey(userId, videoId);
    this.loading.delete(key);
    await this.attempt('delete', () => this.cache.delete(key));
  }

  private async attempt<T>(
    operation: string,
    run: () => Promise<T>,
  ): Promise<{ ok: true; value: T } | { ok: false }> {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      this.options.onError?.(error, operation);
      return { ok: false };
    }
  }
}

function cacheKey(userId: string, videoId: string): string {
  return `video:${userId}:${videoId}`;
}
