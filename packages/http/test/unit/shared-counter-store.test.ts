import type { Options } from 'express-rate-limit';
import { afterEach, describe, expect, it } from 'vitest';
import type { CounterReading, SharedCounter } from '@videoforge/core';
import { SharedCounterStore } from '../../src/index.ts';

/** What memcached does for the store: one count per key, shared by whoever holds the object. */
class InMemoryCounter implements SharedCounter {
  readonly counts = new Map<string, CounterReading>();
  failing = false;

  async increment(key: string, ttlSeconds: number): Promise<CounterReading> {
    if (this.failing) throw new Error('connection refused');
    const current = this.counts.get(key);
    const next = current
      ? { ...current, count: current.count + 1 }
      : { count: 1, expiresAt: new Date(Date.now() + ttlSeconds * 1000) };
    this.counts.set(key, next);
    return next;
  }

  async decrement(key: string): Promise<void> {
    const current = this.counts.get(key);
    if (current) this.counts.set(key, { ...current, count: current.count - 1 });
  }

  async reset(key: string): Promise<void> {
    this.counts.delete(key);
  }
}

const WINDOW = { windowMs: 60_000 } as Options;
const stores: SharedCounterStore[] = [];

function replica(counter: SharedCounter, onFallback: (error: unknown) => void = () => undefined) {
  const store = new SharedCounterStore({ name: 'auth', counter, onFallback });
  store.init(WINDOW);
  stores.push(store);
  return store;
}

afterEach(() => {
  for (const store of stores.splice(0)) store.shutdown();
});

describe('SharedCounterStore', () => {
  it('counts one client across replicas against one limit, with the window end from the counter', async () => {
    const counter = new InMemoryCounter();
    const [a, b] = [replica(counter), replica(counter)];
    await a.increment('203.0.113.7');
    await b.increment('203.0.113.7');
    const third = await a.increment('203.0.113.7');
    expect(third.totalHits).toBe(3);
    expect(third.resetTime?.getTime()).toBeGreaterThan(Date.now() + 59_000);
    expect((await b.increment('198.51.100.1')).totalHits).toBe(1);
    expect([...counter.counts.keys()]).toEqual([
      'videoforge:rate:auth:203.0.113.7',
      'videoforge:rate:auth:198.51.100.1',
    ]);
  });

  it('keys odd client keys by their hash, so memcached accepts them', async () => {
    const counter = new InMemoryCounter();
    await replica(counter).increment('a key with spaces\n and more');
    expect([...counter.counts.keys()][0]).toMatch(/^videoforge:rate:auth:[A-Za-z0-9_-]{43}$/);
  });

  it('counts in-process when the shared counter fails (still limited, told once), and goes back to it', async () => {
    const counter = new InMemoryCounter();
    const warnings: unknown[] = [];
    const store = new SharedCounterStore({
      name: 'auth',
      counter,
      onFallback: (error) => warnings.push(error),
      retrySharedAfterMs: 50,
    });
    store.init(WINDOW);
    stores.push(store);
    counter.failing = true;
    const hits = [];
    for (let i = 0; i < 3; i++) hits.push((await store.increment('203.0.113.7')).totalHits);
    expect(hits).toEqual([1, 2, 3]);
    expect(warnings).toHaveLength(1);

    counter.failing = false;
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect((await store.increment('203.0.113.7')).totalHits).toBe(1);
    expect(counter.counts.get('videoforge:rate:auth:203.0.113.7')?.count).toBe(1);
  });

  it('resets a client in both places', async () => {
    const counter = new InMemoryCounter();
    const store = replica(counter);
    await store.increment('203.0.113.7');
    await store.resetKey('203.0.113.7');
    expect(counter.counts.size).toBe(0);
    expect((await store.increment('203.0.113.7')).totalHits).toBe(1);
  });
});
