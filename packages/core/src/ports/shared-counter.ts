/** A counter's value after one more hit, and when the counter (its window) runs out. */
export interface CounterReading {
  count: number;
  expiresAt: Date;
}

/**
 * Hit counters every replica shares (memcached), for limits that must hold across replicas.
 * A counter starts at 1 on its first hit and lives `ttlSeconds` from then: a fixed window.
 */
export interface SharedCounter {
  increment(key: string, ttlSeconds: number): Promise<CounterReading>;
  decrement(key: string): Promise<void>;
  reset(key: string): Promise<void>;
}
