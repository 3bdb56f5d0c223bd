import { LRUCache } from 'lru-cache';

export interface PlaylistCacheOptions {
  /** Upper bound on the characters held (playlist text is ASCII: about one byte each). */
  maxBytes: number;
  clock?: () => number;
}

/**
 * Signed rung playlists, least recently used out first, each with its own expiry (the token's
 * remaining life), so a cached segment URL never outlives the link that asked for it.
 */
export class PlaylistCache {
  private readonly entries: LRUCache<string, string>;

  constructor(options: PlaylistCacheOptions) {
    const clock = options.clock;
    this.entries = new LRUCache<string, string>({
      maxSize: options.maxBytes,
      sizeCalculation: (text) => Math.max(1, text.length),
      // Read the clock on every check: entries must never outlive their token by a moment.
      ttlResolution: 0,
      ...(clock ? { perf: { now: clock } } : {}),
    });
  }

  get(key: string): string | undefined {
    return this.entries.get(key);
  }

  /** Keeps `text` for `ttlMs`; an entry that could never fit, or is already stale, is not kept. */
  set(key: string, text: string, ttlMs: number): void {
    if (ttlMs <= 1) {
      this.entries.delete(key);
      return;
    }
    // lru-cache serves an entry until its age passes the ttl; ours is gone at the instant it expires.
    this.entries.set(key, text, { ttl: ttlMs - 1 });
  }

  get sizeBytes(): number {
    return this.entries.calculatedSize;
  }
}
