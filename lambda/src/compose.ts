import {
  S3ObjectStore,
  SqsJobQueue,
  createS3Client,
  createSqsClient,
  createVideoRepository,
} from '@videoforge/adapters';
import type { ObjectStore } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import type { LambdaConfig } from './config.ts';
import { createUploadProcessor } from './upload-processor.ts';

/** Builds the upload processor from config: used by the Lambda entry point and the local bridge. */
export function composeUploadProcessor(config: LambdaConfig, logger: Logger) {
  const s3 = createS3Client(config.aws);
  const stores = new Map<string, ObjectStore>();
  return createUploadProcessor({
    // Through the cache when one is reachable, so the API never serves a stale status.
    videos: createVideoRepository({
      aws: config.aws,
      table: config.table,
      cache: config.cache,
      onCacheError: (error, operation) =>
        logger.warn({ err: error, operation }, 'memcached unavailable'),
    }).videos,
    objectsFor: (bucket) => {
      let store = stores.get(bucket);
      if (!store) stores.set(bucket, (store = new S3ObjectStore(s3, bucket)));
      return store;
    },
    jobs: new SqsJobQueue(createSqsClient(config.aws), config.jobsQueueUrl),
    maxUploadBytes: config.maxUploadBytes,
    logger,
  });
}
