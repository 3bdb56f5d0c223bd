import type { Cache } from '@videoforge/core';
import { ExpiringLru } from './expiring-lru.ts';

export interface NearCacheOptions {
  /** How long this process reuses a value without asking the shared cache again. */
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

/**
 * A small in-process tier in front of a shared cache (memcached): hot keys are answered without a
 * network round trip. Writes and deletes through it reach both tiers, so this process always reads
 * its own writes. A write by another process (another replica, a worker) deletes only the shared
 * entry: this process may serve the old value for at most `ttlMs` after it, which bounds the
 * staleness it adds to the shared cache's own.
 */
export class NearCache implements Cache {
  private readonly shared: Cache;
  private readonly near: ExpiringLru<string>;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** Bumped by every write: a read that raced one must not keep what it fetched before it. */
  private writes = 0;
  /** Shared-cache reads in flight: when a hot key expires here, one read refills it for all. */
  private readonly reading = new Map<string, Promise<string | undefined>>();

  constructor(shared: Cache, options: NearCacheOptions) {
    this.shared = shared;
    this.ttlMs = options.ttlMs;
    this.now = options.now ?? Date.now;
    this.near = new ExpiringLru(options.maxEntries, this.now);
  }

  async get(key: string): Promise<string | undefined> {
    const near = this.near.get(key);
    if (near !== undefined) return near;
    let reading = this.reading.get(key);
    if (!reading) {
      reading = this.readShared(key).finally(() => {
        if (this.reading.get(key) === reading) this.reading.delete(key);
      });
      this.reading.set(key, reading);
    }
    return reading;
  }

  private async readShared(key: string): Promise<string | undefined> {
    const writesBefore = this.writes;
    const value = await this.shared.get(key);
    if (value !== undefined && writesBefore === this.writes) this.keep(key, value);
    return value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    const write = this.startWrite(key);
    await this.shared.set(key, value, ttlSeconds);
    if (write === this.writes) this.keep(key, value, ttlSeconds * 1000);
  }

  async delete(key: string): Promise<void> {
    this.startWrite(key);
    await this.shared.delete(key);
  }

  /** A read started before this write must not answer reads that start after it. */
  private startWrite(key: string): number {
    this.near.delete(key);
    this.reading.delete(key);
    return ++this.writes;
  }

  private keep(key: string, value: string, sharedTtlMs = Infinity): void {
    this.near.set(key, value, this.now() + Math.min(this.ttlMs, sharedTtlMs));
  }
}
