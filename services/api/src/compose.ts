import type { Server } from 'node:http';
import {
  AccessTokenVerifier,
  CognitoIdentity,
  S3ObjectStore,
  SqsJobQueue,
  createCognitoClient,
  createS3Client,
  createSqsClient,
  createVideoRepository,
  throttledCacheWarning,
} from '@videoforge/adapters';
import {
  createCacheRequestsCounter,
  createMetricsRegistry,
  type Logger,
  type Registry,
} from '@videoforge/platform';
import { createApiApp } from './app.ts';
import type { ApiConfig } from './config.ts';
import { VideoService } from './videos/video-service.ts';

export interface RunningApi {
  server: Server;
  url: string;
  registry: Registry;
  close(): Promise<void>;
}

/** Composition root: builds every adapter from config, wires the app, and listens. */
export async function startApi(config: ApiConfig, logger: Logger): Promise<RunningApi> {
  const registry = createMetricsRegistry('api');
  const objects = new S3ObjectStore(createS3Client(config.aws), config.bucket);
  const { videos, closeCache } = videoRepository(config, logger, registry);
  const service = new VideoService({
    videos,
    objects,
    jobs: new SqsJobQueue(createSqsClient(config.aws), config.jobsQueueUrl),
    limits: config.limits,
  });
  const app = createApiApp({
    logger,
    registry,
    identity: new CognitoIdentity(createCognitoClient(config.aws), config.cognito),
    tokens: new AccessTokenVerifier(config.tokens),
    videos: service,
    readiness: [
      { name: 'dynamodb', check: () => videos.ping() },
      { name: 's3', check: () => objects.ping() },
    ],
  });
  const server = app.listen(config.http.port, config.http.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.http.port;
  const url = `http://127.0.0.1:${port}`;
  logger.info({ address: url }, 'api listening');
  return {
    server,
    url,
    registry,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      closeCache();
    },
  };
}

function videoRepository(config: ApiConfig, logger: Logger, registry: Registry) {
  const lookups = createCacheRequestsCounter(registry);
  const { videos, cached, close } = createVideoRepository({
    aws: config.aws,
    table: config.table,
    cache: config.cache,
    onCacheLookup: (result) => lookups.inc({ result }),
    onCacheError: throttledCacheWarning((error, operation) =>
      logger.warn({ err: error, operation }, 'memcached unavailable: serving from DynamoDB'),
    ),
  });
  if (!cached)
    logger.warn('MEMCACHED_SERVERS is not set: video cache off, every read goes to DynamoDB');
  return { videos, closeCache: close };
}
