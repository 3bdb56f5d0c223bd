import { createHash } from 'node:crypto';
import { Queue, Worker, type Job, type MinimalJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { EVENT_QUEUES } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import { retryDelayMs } from '@videoforge/webhooks';
import type { EventsMetrics } from '../metrics.ts';
import type { DeliveryJobData, DeliveryScheduler } from '../relay/fan-out.ts';
import { attemptDelivery, type AttemptDeps } from './attempt.ts';

export interface DeliveryQueueSettings {
  maxAttempts: number;
  backoff: { baseMs: number; maxMs: number };
  concurrency: number;
}

const RETENTION = { age: 7 * 24 * 3600, count: 10_000 };

/** The producer side: the relay adds jobs here (a fail-fast connection, see queues.ts). */
export function createDeliveryQueue(
  connection: Redis,
  settings: DeliveryQueueSettings,
): Queue & DeliveryScheduler {
  const queue = new Queue(EVENT_QUEUES.deliveries, {
    connection,
    prefix: EVENT_QUEUES.prefix,
    defaultJobOptions: {
      attempts: settings.maxAttempts,
      backoff: { type: 'webhook' },
      // Kept a week: a job id seen again in that time (a repeated relay pass) adds nothing.
      removeOnComplete: RETENTION,
      removeOnFail: RETENTION,
    },
  });
  return Object.assign(queue, {
    async schedule(jobs: readonly { jobId: string; data: DeliveryJobData }[]) {
      if (jobs.length === 0) return;
      await queue.addBulk(
        jobs.map((job) => ({ name: 'deliver', data: job.data, opts: { jobId: job.jobId } })),
      );
    },
  });
}

/**
 * The same jitter for the same job and attempt: the delay BullMQ waits is the one written to the
 * delivery log as `nextAttemptAt`, without storing it anywhere.
 */
export function delayFor(
  jobId: string,
  attemptsMade: number,
  backoff: DeliveryQueueSettings['backoff'],
) {
  const digest = createHash('sha256').update(`${jobId}:${attemptsMade}`).digest();
  const unit = digest.readUInt32BE(0) / 0x1_0000_0000;
  return retryDelayMs(attemptsMade, backoff, () => unit);
}

export function startDeliveryWorker(opts: {
  connection: Redis;
  settings: DeliveryQueueSettings;
  attempt: AttemptDeps;
  metrics: EventsMetrics;
  logger: Logger;
}): Worker<DeliveryJobData> {
  const { settings, metrics, logger } = opts;
  const worker = new Worker<DeliveryJobData>(
    EVENT_QUEUES.deliveries,
    async (job: Job<DeliveryJobData>) => {
      const attemptsMade = job.attemptsMade + 1;
      const outcome = await attemptDelivery(opts.attempt, job.data, {
        isLast: attemptsMade >= (job.opts.attempts ?? 1),
        retryAt: () =>
          new Date(Date.now() + delayFor(job.id ?? '', attemptsMade, settings.backoff)),
      });
      const log = logger.child({ ...job.data, attempt: attemptsMade });
      switch (outcome.kind) {
        case 'delivered':
          metrics.delivery('delivered', outcome.durationMs / 1000);
          log.info({ durationMs: Math.round(outcome.durationMs) }, 'webhook delivered');
          return 'delivered';
        case 'retry':
          metrics.delivery('retried', outcome.durationMs / 1000);
          log.info({ error: outcome.error }, 'webhook attempt failed: will retry');
          // Thrown so that BullMQ schedules the next attempt with the webhook back-off.
          throw new Error(outcome.error);
        case 'failed':
          metrics.delivery(
            'failed',
            outcome.durationMs === undefined ? undefined : outcome.durationMs / 1000,
          );
          log.warn({ error: outcome.error }, 'webhook delivery failed for good');
          return 'failed';
        case 'dropped':
          log.info({ reason: outcome.reason }, 'webhook delivery dropped');
          return 'dropped';
      }
    },
    {
      connection: opts.connection,
      prefix: EVENT_QUEUES.prefix,
      concurrency: settings.concurrency,
      settings: {
        backoffStrategy: (attemptsMade: number, _type?: string, _err?: Error, job?: MinimalJob) =>
          delayFor(job?.id ?? '', attemptsMade, settings.backoff),
      },
    },
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'delivery worker: redis error'));
  return worker;
}
