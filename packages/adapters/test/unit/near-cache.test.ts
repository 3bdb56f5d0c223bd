import { describe, expect, it } from 'vitest';
import type { Cache } from '@videoforge/core';
import { ExpiringLru } from '../../src/expiring-lru.ts';
import { NearCache } from '../../src/near-cache.ts';

/** A shared cache in memory that counts its reads and can hold a read back until released. */
class SharedCache implements Cache {
  readonly values = new Map<string, string>();
  reads = 0;
  private held: (() => void)[] = [];
  hold = false;

  async get(key: string): Promise<string | undefined> {
    this.reads += 1;
    const value = this.values.get(key);
    if (this.hold) await new Promise<void>((resolve) => this.held.push(resolve));
    return value;
  }

  set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.values.delete(key);
    return Promise.resolve();
  }

  release(): void {
    this.hold = false;
    for (const resolve of this.held.splice(0)) resolve();
  }
}

function fixture(ttlMs = 1000) {
  const clock = { now: 0 };
  const shared = new SharedCache();
  const near = new NearCache(shared, { ttlMs, maxEntries: 10, now: () => clock.now });
  return { clock, shared, near };
}

describe('ExpiringLru', () => {
  it('never returns an entry at or past its expiry', () => {
    const clock = { now: 0 };
    const lru = new ExpiringLru<string>(10, () => clock.now);
    lru.set('a', 'A', 100);
    clock.now = 99;
    expect(lru.get('a')).toBe('A');
    clock.now = 100;
    expect(lru.get('a')).toBeUndefined();
    lru.set('b', 'B', 50);
    expect(lru.get('b')).toBeUndefined();
  });

  it('drops the least recently used entry beyond its bound', () => {
    let now = 0;
    const lru = new ExpiringLru<number>(2, () => now);
    lru.set('a', 1, 10_000);
    lru.set('b', 2, 10_000);
    now = 1000;
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3, 10_000);
    expect(lru.get('b')).toBeUndefined();
    expect([lru.get('a'), lru.get('c'), lru.size]).toEqual([1, 3, 2]);
  });

  it('keeps recency to the second: a hit within a second of the last move does not move it', () => {
    let now = 0;
    const lru = new ExpiringLru<number>(2, () => now);
    lru.set('a', 1, 10_000);
    lru.set('b', 2, 10_000);
    now = 999;
    expect(lru.get('a')).toBe(1);
    lru.set('c', 3, 10_000);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([undefined, 2, 3]);
  });
});

describe('NearCache', () => {
  it('answers a hot key from memory until its ttl, then asks the shared cache again', async () => {
    const { clock, shared, near } = fixture();
    shared.values.set('k', 'v1');
    expect(await near.get('k')).toBe('v1');
    shared.values.set('k', 'v2');
    clock.now = 999;
    expect(await near.get('k')).toBe('v1');
    expect(shared.reads).toBe(1);
    clock.now = 1000;
    expect(await near.get('k')).toBe('v2');
    expect(shared.reads).toBe(2);
  });

  it('reads its own writes and deletes at once', async () => {
    const { shared, near } = fixture();
    await near.set('k', 'v1', 60);
    expect(await near.get('k')).toBe('v1');
    await near.delete('k');
    expect(await near.get('k')).toBeUndefined();
    await near.set('k', 'v2', 60);
    expect(await near.get('k')).toBe('v2');
    expect(shared.values.get('k')).toBe('v2');
  });

  it('keeps nothing longer than the shared entry lives', async () => {
    const { clock, shared, near } = fixture(5000);
    await near.set('k', 'v', 2);
    clock.now = 1999;
    await near.get('k');
    expect(shared.reads).toBe(0);
    clock.now = 2000;
    await near.get('k');
    expect(shared.reads).toBe(1);
  });

  it('shares one shared-cache read between concurrent misses of a key', async () => {
    const { shared, near } = fixture();
    shared.values.set('k', 'v');
    shared.hold = true;
    const reads = Promise.all([near.get('k'), near.get('k'), near.get('k')]);
    shared.release();
    expect(await reads).toEqual(['v', 'v', 'v']);
    expect(shared.reads).toBe(1);
  });

  it('does not keep what a read fetched before a write that overtook it', async () => {
    const { shared, near } = fixture();
    shared.values.set('k', 'old');
    shared.hold = true;
    const stale = near.get('k');
    await near.delete('k');
    shared.release();
    expect(await stale).toBe('old');
    expect(await near.get('k')).toBeUndefined();
  });
});
