import { CachedVideoRepository, type CacheResult, type VideoRepository } from '@videoforge/core';
import type { AwsSettings } from './aws-clients.ts';
import { createDynamoDocumentClient } from './aws-clients.ts';
import { DynamoVideoRepository } from './dynamo-video-repository.ts';
import { MemcachedCache } from './memcached-cache.ts';
import { NearCache } from './near-cache.ts';

export interface VideoRepositorySettings {
  aws: AwsSettings;
  table: string;
  /** Without servers, no cache: every read goes to DynamoDB. */
  cache: {
    servers?: string;
    ttlSeconds: number;
    unsettledTtlSeconds?: number;
    /**
     * An in-process tier in front of memcached (NearCache), for readers on a hot path: a write by
     * another process shows up here at most this late. Default 0: none.
     */
    nearTtlMs?: number;
  };
  onCacheLookup?: (result: CacheResult) => void;
  /** Called at most once a minute: a dead cache must not flood the logs. */
  onCacheError?: (error: unknown, operation: string) => void;
}

/**
 * The video repository every deployable uses. Readers and writers share the cache, so each write
 * invalidates what the API serves.
 */
export function createVideoRepository(settings: VideoRepositorySettings): {
  videos: VideoRepository;
  cached: boolean;
  close(): void;
} {
  const dynamo = new DynamoVideoRepository(
    createDynamoDocumentClient(settings.aws),
    settings.table,
  );
  if (!settings.cache.servers) return { videos: dynamo, cached: false, close: () => undefined };
  const memcached = new MemcachedCache({ servers: settings.cache.servers });
  const nearTtlMs = settings.cache.nearTtlMs ?? 0;
  const cache =
    nearTtlMs > 0
      ? new NearCache(memcached, { ttlMs: nearTtlMs, maxEntries: NEAR_CACHE_ENTRIES })
      : memcached;
  const videos = new CachedVideoRepository(dynamo, cache, {
    ttlSeconds: settings.cache.ttlSeconds,
    unsettledTtlSeconds: settings.cache.unsettledTtlSeconds ?? 5,
    onLookup: settings.onCacheLookup,
    onError: settings.onCacheError && atMostOncePerMinute(settings.onCacheError),
  });
  return { videos, cached: true, close: () => memcached.close() };
}

/** Video records are a few KB: a few MB per process at most. */
const NEAR_CACHE_ENTRIES = 2_000;

function atMostOncePerMinute(warn: (error: unknown, operation: string) => void) {
  let last = 0;
  return (error: unknown, operation: string) => {
    if (Date.now() - last < 60_000) return;
    last = Date.now();
    warn(error, operation);
  };
}
