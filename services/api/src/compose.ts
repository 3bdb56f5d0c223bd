import type { Server } from 'node:http';
import type { Express } from 'express';
import {
  AccessTokenVerifier,
  CognitoIdentity,
  DynamoDeliveryLog,
  DynamoEventOutbox,
  DynamoUsageLedger,
  DynamoVideoRepository,
  DynamoWebhookStore,
  S3ObjectStore,
  SqsJobQueue,
  createCognitoClient,
  createDynamoDocumentClient,
  createS3Client,
  createSqsClient,
  createVideoRepository,
} from '@videoforge/adapters';
import { Draining, listen } from '@videoforge/http';
import {
  bufferStdoutLogs,
  createCacheRequestsCounter,
  createMetricsRegistry,
  type Logger,
  type Registry,
} from '@videoforge/platform';
import { createApiApp } from './app.ts';
import { createAuthThrottle } from './auth/auth-throttle.ts';
import type { ApiConfig } from './config.ts';
import { createHlsPlayback } from './playback/create-hls-playback.ts';
import { QuotaGuard } from './videos/quota-guard.ts';
import { VideoService } from './videos/video-service.ts';
import { WebhookService } from './webhooks/webhook-service.ts';

export interface RunningApi {
  server: Server;
  app: Express;
  url: string;
  registry: Registry;
  /** Stops at once: requests in flight finish, keep-alive connections are closed. */
  close(): Promise<void>;
  /** SIGTERM: /readyz fails, requests are answered for SHUTDOWN_DRAIN_SECONDS more, then close(). */
  shutdown(): Promise<void>;
}

/** Composition root: builds every adapter from config, wires the app, and listens. */
export async function startApi(config: ApiConfig, logger: Logger): Promise<RunningApi> {
  // A long-running service: request lines need not hold up requests (the Lambda keeps sync logs).
  bufferStdoutLogs();
  const registry = createMetricsRegistry('api');
  const objects = new S3ObjectStore(createS3Client(config.aws), config.bucket);
  const { videos, closeCache } = videoRepository(config, logger, registry);
  const service = new VideoService({
    videos,
    objects,
    jobs: new SqsJobQueue(createSqsClient(config.aws), config.jobsQueueUrl),
    quotas: new QuotaGuard({
      usage: new DynamoUsageLedger(createDynamoDocumentClient(config.aws), config.table),
      quotas: config.quotas,
    }),
    limits: config.limits,
  });
  const webhooks = webhookService(config);
  const hls = createHlsPlayback(config.playback, { videos, objects }, logger);
  const authThrottle = createAuthThrottle(config.cache.servers, logger);
  const draining = new Draining();
  const app = createApiApp({
    draining,
    hls,
    playbackLimits: config.playback,
    logger,
    registry,
    http: config.http,
    authLimit: config.authLimit,
    authLimitStore: authThrottle.store,
    identity: new CognitoIdentity(createCognitoClient(config.aws), config.cognito),
    tokens: new AccessTokenVerifier(config.tokens),
    videos: service,
    webhooks,
    readiness: [
      { name: 'dynamodb', check: () => videos.ping() },
      { name: 's3', check: () => objects.ping() },
    ],
  });
  const listening = await listen(app, { ...config.http, draining });
  logger.info({ address: listening.url }, 'api listening');
  const release = () => {
    closeCache();
    authThrottle.close();
  };
  return {
    server: listening.server,
    app,
    url: listening.url,
    registry,
    close: async () => {
      await listening.close();
      release();
    },
    shutdown: async () => {
      const { drainSeconds } = config.http;
      logger.info({ drainSeconds }, 'draining: /readyz answers 503, requests are still served');
      await listening.drainAndClose(drainSeconds);
      release();
    },
  };
}

/**
 * How long a replica answers a hot video from its own memory before asking memcached again: a
 * change made through another process (replica, worker, Lambda) reaches this replica's answers at
 * most this much later than memcached's. Its own writes show at once.
 */
const VIDEO_NEAR_CACHE_TTL_MS = 1000;

function videoRepository(config: ApiConfig, logger: Logger, registry: Registry) {
  const lookups = createCacheRequestsCounter(registry);
  const { videos, cached, close } = createVideoRepository({
    aws: config.aws,
    table: config.table,
    cache: { ...config.cache, nearTtlMs: VIDEO_NEAR_CACHE_TTL_MS },
    onCacheLookup: (result) => lookups.inc({ result }),
    onCacheError: (error, operation) =>
      logger.warn({ err: error, operation }, 'memcached unavailable: serving from DynamoDB'),
  });
  if (!cached)
    logger.warn('MEMCACHED_SERVERS is not set: video cache off, every read goes to DynamoDB');
  return { videos, closeCache: close };
}

function webhookService(config: ApiConfig): WebhookService {
  const documents = createDynamoDocumentClient(config.aws);
  return new WebhookService({
    webhooks: new DynamoWebhookStore(documents, config.table),
    deliveries: new DynamoDeliveryLog(documents, config.table),
    // The outbox's own repository is the uncached one: the api only adds entries to it.
    outbox: new DynamoEventOutbox(
      documents,
      config.table,
      new DynamoVideoRepository(documents, config.table),
    ),
    settings: config.webhooks,
  });
}
