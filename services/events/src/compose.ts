import {
  DynamoDeliveryLog,
  DynamoEventOutbox,
  DynamoUsageLedger,
  DynamoVideoCatalog,
  DynamoVideoRepository,
  DynamoWebhookStore,
  S3ObjectStore,
  SqsJobQueue,
  SqsQueueAdmin,
  createDynamoDocumentClient,
  createS3Client,
  createSqsClient,
  createVideoRepository,
} from '@videoforge/adapters';
import { EVENT_QUEUES, type MaintenanceCounts } from '@videoforge/core';
import {
  createMetricsRegistry,
  startHealthServer,
  type Logger,
  type Registry,
} from '@videoforge/platform';
import type { EventsConfig } from './config.ts';
import { createDeliveryQueue, startDeliveryWorker } from './delivery/delivery-worker.ts';
import { expireAbandonedUploads } from './maintenance/expire-abandoned-uploads.ts';
import {
  createMaintenanceQueue,
  scheduleMaintenance,
  startMaintenanceWorker,
  type MaintenanceTasks,
} from './maintenance/maintenance-worker.ts';
import { reconcileStuckWork } from './maintenance/reconcile-stuck-work.ts';
import { createEventsMetrics, type EventsMetrics } from './metrics.ts';
import { redisConnection } from './queues.ts';
import { createFanOut } from './relay/fan-out.ts';
import { OutboxRelay } from './relay/outbox-relay.ts';
import { watchQueues } from './queue-gauges.ts';

export interface RunningEvents {
  registry: Registry;
  healthPort: number;
  relay: OutboxRelay;
  stop(): Promise<void>;
}

/** Composition root of the events service: relay, delivery worker, maintenance, health. */
export async function startEvents(config: EventsConfig, logger: Logger): Promise<RunningEvents> {
  const registry = createMetricsRegistry('events');
  const metrics = createEventsMetrics(registry);
  const documents = createDynamoDocumentClient(config.aws);
  const dynamoVideos = new DynamoVideoRepository(documents, config.table);
  const webhooks = new DynamoWebhookStore(documents, config.table);
  const deliveries = new DynamoDeliveryLog(documents, config.table);
  const outbox = new DynamoEventOutbox(documents, config.table, dynamoVideos);

  const producer = redisConnection(config.redisUrl, 'producer');
  const workerConnection = redisConnection(config.redisUrl, 'worker');
  const deliveryQueue = createDeliveryQueue(producer, config.delivery);
  const maintenanceQueue = createMaintenanceQueue(producer);
  // Redis being away is expected and handled (the outbox keeps events; workers reconnect): the
  // relay logs the outage once, instead of every client printing every reconnect attempt.
  for (const emitter of [producer, workerConnection, deliveryQueue, maintenanceQueue]) {
    emitter.on('error', () => undefined);
  }

  const relay = new OutboxRelay({
    outbox,
    fanOut: createFanOut({ webhooks, deliveries, scheduler: deliveryQueue, now: () => new Date() }),
    logger: logger.child({ component: 'relay' }),
    onPending: (count) => metrics.outboxEntries(count),
  });
  const deliveryWorker = startDeliveryWorker({
    connection: workerConnection,
    settings: config.delivery,
    attempt: { webhooks, deliveries, settings: config.delivery, now: () => new Date() },
    metrics,
    logger: logger.child({ component: 'deliveries' }),
  });
  const maintenance = maintenanceTasks(config, logger, metrics);
  const maintenanceWorker = startMaintenanceWorker({
    connection: workerConnection,
    tasks: maintenance.tasks,
    metrics,
    logger: logger.child({ component: 'maintenance' }),
  });
  await scheduleMaintenance(maintenanceQueue, {
    'expire-abandoned-uploads': config.maintenance.expireUploadsEveryMs,
    'reconcile-stuck-work': config.maintenance.reconcileEveryMs,
  }).catch((error: unknown) =>
    // Redis away at start-up: the relay still keeps events safe; schedules follow at the next start.
    logger.warn({ err: error }, 'maintenance schedules not written: redis unavailable'),
  );
  relay.start(config.pollMs);
  const gauges = watchQueues(
    { [EVENT_QUEUES.deliveries]: deliveryQueue, [EVENT_QUEUES.maintenance]: maintenanceQueue },
    metrics,
  );

  let stopping = false;
  const health = await startHealthServer({
    ...config.health,
    registry,
    status: () => (stopping ? 'stopping' : 'ok'),
    readiness: async () => {
      if (stopping) return 'stopping';
      return producer.status === 'ready' ? 'ok' : `redis ${producer.status}`;
    },
  });
  logger.info({ port: health.port }, 'events service started');

  return {
    registry,
    healthPort: health.port,
    relay,
    async stop() {
      stopping = true;
      gauges.stop();
      await relay.stop();
      // Lets running deliveries finish: a job cut short would be retried as a duplicate.
      await Promise.all([deliveryWorker.close(), maintenanceWorker.close()]);
      await Promise.all([deliveryQueue.close(), maintenanceQueue.close()]);
      await Promise.all([producer.quit(), workerConnection.quit()]).catch(() => undefined);
      maintenance.close();
      await health.close();
    },
  };
}

function maintenanceTasks(config: EventsConfig, logger: Logger, metrics: EventsMetrics) {
  const documents = createDynamoDocumentClient(config.aws);
  const repository = createVideoRepository({
    aws: config.aws,
    table: config.table,
    cache: config.cache,
    onCacheError: (error, operation) =>
      logger.warn({ err: error, operation }, 'memcached unavailable'),
  });
  const catalog = new DynamoVideoCatalog(documents, config.table);
  const objects = new S3ObjectStore(createS3Client(config.aws), config.bucket);
  const sqs = createSqsClient(config.aws);
  const counted =
    (
      run: () => Promise<MaintenanceCounts>,
      kinds: Record<string, 'requeued' | 'dead_lettered' | 'expired_upload'>,
    ) =>
    async () => {
      const counts = await run();
      for (const [field, kind] of Object.entries(kinds))
        metrics.reconciled(kind, counts[field] ?? 0);
      return counts;
    };
  const tasks: MaintenanceTasks = {
    'expire-abandoned-uploads': counted(
      () =>
        expireAbandonedUploads({
          videos: repository.videos,
          objects,
          usage: new DynamoUsageLedger(documents, config.table),
          catalog,
          now: () => new Date().toISOString(),
          clock: () => new Date(),
          abandonedAfterMs: config.maintenance.abandonedUploadMs,
        }),
      { expired: 'expired_upload' },
    ),
    'reconcile-stuck-work': counted(
      () =>
        reconcileStuckWork({
          catalog,
          videos: repository.videos,
          jobs: new SqsJobQueue(sqs, config.jobsQueueUrl),
          dlq: new SqsQueueAdmin(sqs, config.dlqUrl),
          bucket: config.bucket,
          now: () => new Date(),
          staleAfterMs: config.maintenance.reconcileAfterMs,
        }),
      { requeued: 'requeued', deadLettered: 'dead_lettered' },
    ),
  };
  return { tasks, close: () => repository.close() };
}
