import { MemcachedCounter } from '@videoforge/adapters';
import { SharedCounterStore, type ClientLimitOptions } from '@videoforge/http';
import type { Logger } from '@videoforge/platform';

export interface AuthThrottle {
  /** Undefined: the limiter's own in-process store. */
  store: ClientLimitOptions['store'];
  close(): void;
}

/**
 * Where /api/auth/* attempts are counted: memcached, which every replica shares, so the limit
 * holds for the whole service rather than per replica. Without memcached, each process counts
 * alone (logged): N replicas then allow N times the limit.
 */
export function createAuthThrottle(
  memcachedServers: string | undefined,
  logger: Logger,
): AuthThrottle {
  if (!memcachedServers) {
    logger.warn(
      'MEMCACHED_SERVERS is not set: login throttling counts per process, so each replica allows the full limit',
    );
    return { store: undefined, close: () => undefined };
  }
  const counter = new MemcachedCounter({ servers: memcachedServers });
  const store = new SharedCounterStore({
    name: 'auth',
    counter,
    onFallback: (error) =>
      logger.warn(
        { err: error },
        'memcached unavailable: login throttling counts per process until it answers',
      ),
  });
  return {
    store,
    close: () => {
      store.shutdown();
      counter.close();
    },
  };
}
