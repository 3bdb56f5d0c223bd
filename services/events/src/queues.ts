import { Redis, type RedisOptions } from 'ioredis';

/**
 * Workers block on Redis, so their connection retries forever (BullMQ requires
 * maxRetriesPerRequest: null). A producer fails fast instead: when Redis is down the relay must
 * hear it at once and leave the events in the outbox.
 */
export function redisConnection(url: string, role: 'worker' | 'producer'): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null }
      : { maxRetriesPerRequest: 1, enableOfflineQueue: false };
  return new Redis(url, {
    ...options,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
}
