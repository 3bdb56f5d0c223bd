import { Queue, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { EVENT_QUEUES, type MaintenanceCounts, type MaintenanceTask } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import type { EventsMetrics } from '../metrics.ts';

export type MaintenanceTasks = Record<MaintenanceTask, () => Promise<MaintenanceCounts>>;
export type MaintenanceSchedule = Record<MaintenanceTask, number>;

const KEEP_RUNS = { count: 50 };

/**
 * One job scheduler per task (BullMQ keeps one schedule however many replicas upsert it, and each
 * run goes to exactly one worker). Runs are kept so that admins can see the last ones.
 */
export async function scheduleMaintenance(
  queue: Queue,
  everyMs: MaintenanceSchedule,
): Promise<void> {
  for (const [task, every] of Object.entries(everyMs) as [MaintenanceTask, number][]) {
    await queue.upsertJobScheduler(
      task,
      { every },
      { name: task, opts: { removeOnComplete: KEEP_RUNS, removeOnFail: KEEP_RUNS } },
    );
  }
}

export function createMaintenanceQueue(connection: Redis): Queue {
  return new Queue(EVENT_QUEUES.maintenance, { connection, prefix: EVENT_QUEUES.prefix });
}

export function startMaintenanceWorker(opts: {
  connection: Redis;
  tasks: MaintenanceTasks;
  metrics: EventsMetrics;
  logger: Logger;
}): Worker {
  const { tasks, metrics, logger } = opts;
  const worker = new Worker(
    EVENT_QUEUES.maintenance,
    async (job: Job) => {
      const task = job.name as MaintenanceTask;
      const run = tasks[task];
      if (!run) throw new Error(`unknown maintenance task ${job.name}`);
      const startedAt = Date.now();
      try {
        const counts = await run();
        metrics.maintenanceRun(task, 'success');
        logger.info({ task, counts, durationMs: Date.now() - startedAt }, 'maintenance run');
        return counts;
      } catch (error) {
        metrics.maintenanceRun(task, 'failure');
        logger.error({ err: error, task }, 'maintenance run failed');
        throw error;
      }
    },
    // One run at a time per replica: maintenance is background work, never a burst.
    { connection: opts.connection, prefix: EVENT_QUEUES.prefix, concurrency: 1 },
  );
  worker.on('error', (error) => logger.warn({ err: error }, 'maintenance worker: redis error'));
  return worker;
}
