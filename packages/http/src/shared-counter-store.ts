import { createHash } from 'node:crypto';
import {
  MemoryStore,
  type ClientRateLimitInfo,
  type Options,
  type Store,
} from 'express-rate-limit';
import type { SharedCounter } from '@videoforge/core';

export interface SharedCounterStoreOptions {
  /** Names the limit inside counter keys: two limits never share a count. */
  name: string;
  counter: SharedCounter;
  /** Told when the shared counter fails and this process counts alone (at most once a minute). */
  onFallback: (error: unknown) => void;
  /** How long to count in-process after a failure before asking the shared counter again. */
  retrySharedAfterMs?: number;
}

const WARN_INTERVAL_MS = 60_000;
const DEFAULT_RETRY_SHARED_AFTER_MS = 10_000;
/** memcached keys are at most 250 printable bytes; anything else is hashed. */
const PLAIN_KEY = /^[A-Za-z0-9:./_-]{1,100}$/;

/**
 * express-rate-limit's Store over a counter every replica shares, so N replicas enforce one limit,
 * not N. When the shared counter fails, this process counts on its own until it answers again:
 * the limit fails open to a per-process limit, never to none, and never closed (an outage of the
 * counter's store must not lock everyone out of logging in).
 */
export class SharedCounterStore implements Store {
  readonly localKeys = false;
  readonly prefix: string;
  private readonly options: SharedCounterStoreOptions;
  private readonly local = new MemoryStore();
  private windowSeconds = 60;
  private sharedDownUntil = 0;
  private lastWarningAt = Number.NEGATIVE_INFINITY;

  constructor(options: SharedCounterStoreOptions) {
    this.options = options;
    this.prefix = `videoforge:rate:${options.name}:`;
  }

  init(options: Options): void {
    this.windowSeconds = Math.max(1, Math.ceil(options.windowMs / 1000));
    this.local.init(options);
  }

  async increment(key: string): Promise<ClientRateLimitInfo> {
    if (Date.now() >= this.sharedDownUntil) {
      try {
        const reading = await this.options.counter.increment(
          this.counterKey(key),
          this.windowSeconds,
        );
        return { totalHits: reading.count, resetTime: reading.expiresAt };
      } catch (error) {
        this.fallBack(error);
      }
    }
    return this.local.increment(key);
  }

  async decrement(key: string): Promise<void> {
    await Promise.allSettled([
      this.options.counter.decrement(this.counterKey(key)),
      this.local.decrement(key),
    ]);
  }

  async resetKey(key: string): Promise<void> {
    await Promise.allSettled([
      this.options.counter.reset(this.counterKey(key)),
      this.local.resetKey(key),
    ]);
  }

  shutdown(): void {
    void this.local.shutdown();
  }

  private counterKey(key: string): string {
    const plain = PLAIN_KEY.test(key) ? key : createHash('sha256').update(key).digest('base64url');
    return `${this.prefix}${plain}`;
  }

  private fallBack(error: unknown): void {
    const now = Date.now();
    this.sharedDownUntil = now + (this.options.retrySharedAfterMs ?? DEFAULT_RETRY_SHARED_AFTER_MS);
    if (now - this.lastWarningAt < WARN_INTERVAL_MS) return;
    this.lastWarningAt = now;
    this.options.onFallback(error);
  }
}
