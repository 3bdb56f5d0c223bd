/** How finely recency is kept: a hit moves its key at most once per this long. */
const RECENCY_RESOLUTION_MS = 1000;

/**
 * A bounded map, least recently used out first (recency kept to the second), where every entry
 * carries its own expiry instant.
 * Reads never return an entry at or past its expiry. Small on purpose: a Map keeps insertion
 * order, so re-inserting on a hit is the whole LRU bookkeeping.
 */
export class ExpiringLru<V> {
  private readonly entries = new Map<
    string,
    { value: V; expiresAtMs: number; touchedAtMs: number }
  >();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(maxEntries: number, now: () => number = Date.now) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new Error(`maxEntries must be a positive integer, got ${maxEntries}`);
    this.maxEntries = maxEntries;
    this.now = now;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const now = this.now();
    if (entry.expiresAtMs <= now) {
      this.entries.delete(key);
      return undefined;
    }
    // Recency to the second: a hot key read thousands of times a second moves once, not each time.
    if (now - entry.touchedAtMs >= RECENCY_RESOLUTION_MS) {
      entry.touchedAtMs = now;
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry.value;
  }

  /** Keeps `value` until `expiresAtMs` at most; an entry already expired is not kept. */
  set(key: string, value: V, expiresAtMs: number): void {
    this.entries.delete(key);
    if (expiresAtMs <= this.now()) return;
    this.entries.set(key, { value, expiresAtMs, touchedAtMs: this.now() });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
