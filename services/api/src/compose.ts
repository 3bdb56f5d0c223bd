import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { Express } from 'express';
import {
  AccessTokenVerifier,
  CognitoIdentity,
  S3ObjectStore,
  SqsJobQueue,
  createCognitoClient,
  createS3Client,
  createSqsClient,
  createVideoRepository,
} from '@videoforge/adapters';
import { listen } from '@videoforge/http';
import {
  createCacheRequestsCounter,
  createMetricsRegistry,
  type Logger,
  type Registry,
} from '@videoforge/platform';
import { createApiApp } from './app.ts';
import type { ApiConfig } from './config.ts';
import { HlsPlayback } from './playback/hls-playback.ts';
import { VideoService } from './videos/video-service.ts';

export interface RunningApi {
  server: Server;
  app: Express;
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
  const hls = new HlsPlayback({
    videos,
    objects,
    secret: playbackSecret(config, logger),
    ttlSeconds: config.limits.playbackUrlTtlSeconds,
  });
  const app = createApiApp({
    hls,
    logger,
    registry,
    http: config.http,
    authLimit: config.authLimit,
    identity: new CognitoIdentity(createCognitoClient(config.aws), config.cognito),
    tokens: new AccessTokenVerifier(config.tokens),
    videos: service,
    readiness: [
      { name: 'dynamodb', check: () => videos.ping() },
      { name: 's3', check: () => objects.ping() },
    ],
  });
  const { server, url, close } = await listen(app, config.http);
  logger.info({ address: url }, 'api listening');
  return {
    server,
    app,
    url,
    registry,
    close: async () => {
      await close();
      closeCache();
    },
  };
}

/** Every replica must share the secret; a random one only suits a single local process. */
function playbackSecret(config: ApiConfig, logger: Logger): string {
  if (config.playbackSigningSecret) return config.playbackSigningSecret;
  logger.warn(
    'PLAYBACK_SIGNING_SECRET is not set: using a random one; HLS links break across replicas and restarts',
  );
  return randomBytes(32).toString('base64url');
}

function videoRepository(config: ApiConfig, logger: Logger, registry: Registry) {
  const lookups = createCacheRequestsCounter(registry);
  const { videos, cached, close } = createVideoRepository({
    aws: config.aws,
    table: config.table,
    cache: config.cache,
    onCacheLookup: (result) => lookups.inc({ result }),
    onCacheError: (error, operation) =>
      logger.warn({ err: error, operation }, 'memcached unavailable: serving from DynamoDB'),
  });
  if (!cached)
    logger.warn('MEMCACHED_SERVERS is not set: video cache off, every read goes to DynamoDB');
  return { videos, closeCache: close };
}
