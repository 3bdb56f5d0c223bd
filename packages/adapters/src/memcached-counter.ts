import type memjs from 'memjs';
import type { CounterReading, SharedCounter } from '@videoforge/core';
import { createMemcachedClient, type MemcachedOptions } from './memcached-cache.ts';

/** memcached's "do not create a missing key" expiration for incr/decr (binary protocol). */
const NEVER_CREATE = 0xffffffff;

/**
 * Counters in memcached: incr with an initial value and an expiry, atomic across replicas. The
 * replica whose hit creates a counter also stores when it ends, so every replica can tell a
 * client when its window resets.
 */
export class MemcachedCounter implements SharedCounter {
  private readonly client: memjs.Client;

  constructor(options: MemcachedOptions) {
    this.client = createMemcachedClient(options);
  }

  async increment(key: string, ttlSeconds: number): Promise<CounterReading> {
    const { value } = await this.client.increment(key, 1, { initial: 1, expires: ttlSeconds });
    if (typeof value !== 'number') throw new Error('memcached answered incr without a value');
    if (value === 1) return { count: 1, expiresAt: await this.startWindow(key, ttlSeconds) };
    return { count: value, expiresAt: await this.windowEnd(key, ttlSeconds) };
  }

  async decrement(key: string): Promise<void> {
    // A counter that expired meanwhile has nothing to take back: memcached's NOT_FOUND is fine.
    await this.client
      .decrement(key, 1, { initial: 0, expires: NEVER_CREATE })
      .catch(() => undefined);
  }

  async reset(key: string): Promise<void> {
    await Promise.all([this.client.delete(key), this.client.delete(endKeyOf(key))]);
  }

  close(): void {
    this.client.close();
  }

  private async startWindow(key: string, ttlSeconds: number): Promise<Date> {
    const end = new Date(Date.now() + ttlSeconds * 1000);
    await this.client.set(endKeyOf(key), String(end.getTime()), { expires: ttlSeconds });
    return end;
  }

  /**
   * Read back. A window whose end is not written yet (its first hit is still writing it) ends a
   * full TTL from now at the latest.
   */
  private async windowEnd(key: string, ttlSeconds: number): Promise<Date> {
    const { value } = await this.client.get(endKeyOf(key));
    const end = Number(value?.toString('utf8'));
    return new Date(Number.isFinite(end) && end > 0 ? end : Date.now() + ttlSeconds * 1000);
  }
}

function endKeyOf(key: string): string {
  return `${key}:end`;
}
