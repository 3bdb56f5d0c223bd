import { LRUCache } from 'lru-cache';

export interface PlaylistCacheOptions<V> {
  /** Upper bound on the bytes held, as `sizeOf` counts them. */
  maxBytes: number;
  /** Default: a string's length (playlist text is ASCII: about one byte a character). */
  sizeOf?: (value: V) => number;
  clock?: () => number;
}

/**
 * Signed rung playlists, least recently used out first, each with its own expiry (the token's
 * remaining life), so a cached segment URL never outlives the link that asked for it.
 */
export class PlaylistCache<V extends NonNullable<unknown> = string> {
  private readonly entries: LRUCache<string, V>;

  constructor(options: PlaylistCacheOptions<V>) {
    const clock = options.clock;
    const sizeOf = options.sizeOf ?? ((value: V) => String(value).length);
    this.entries = new LRUCache<string, V>({
      maxSize: options.maxBytes,
      sizeCalculation: (value) => Math.max(1, sizeOf(value)),
      // Read the clock on every check: entries must never outlive their token by a moment.
      ttlResolution: 0,
      ...(clock ? { perf: { now: clock } } : {}),
    });
  }

  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Keeps `value` for `ttlMs`; an entry that could never fit, or is already stale, is not kept. */
  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 1) {
      this.entries.delete(key);
      return;
    }
    // lru-cache serves an entry until its age passes the ttl; ours is gone at the instant it expires.
    this.entries.set(key, value, { ttl: ttlMs - 1 });
  }

  get sizeBytes(): number {
    return this.entries.calculatedSize;
  }
}
