import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import {
  DependencyError,
  EVENT_QUEUES,
  MAINTENANCE_TASKS,
  type MaintenanceCounts,
} from '@videoforge/core';

export interface MaintenanceReport {
  schedules: Array<{ task: string; everySeconds?: number; nextRunAt?: string }>;
  runs: Array<{
    task: string;
    runId?: string;
    outcome: 'success' | 'failure' | 'running' | 'waiting';
    startedAt?: string;
    finishedAt?: string;
    counts?: MaintenanceCounts;
    error?: string;
  }>;
}

export interface MaintenanceReader {
  report(limit: number): Promise<MaintenanceReport>;
  close(): Promise<void>;
}

const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : undefined);

/** Reads BullMQ's job schedulers and the last runs the events service kept. */
export class BullMaintenanceReader implements MaintenanceReader {
  private readonly connection: Redis;
  private readonly queue: Queue;

  constructor(redisUrl: string) {
    // Fail fast: an admin page must say Redis is away, not hang on it.
    this.connection = new Redis(redisUrl, {
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    this.connection.on('error', () => undefined);
    this.queue = new Queue(EVENT_QUEUES.maintenance, {
      connection: this.connection,
      prefix: EVENT_QUEUES.prefix,
    });
    this.queue.on('error', () => undefined);
  }

  async report(limit: number): Promise<MaintenanceReport> {
    try {
      const [schedulers, jobs] = await Promise.all([
        this.queue.getJobSchedulers(),
        this.queue.getJobs(['completed', 'failed', 'active'], 0, limit - 1, false),
      ]);
      return {
        schedules: MAINTENANCE_TASKS.map((task) => {
          const s = schedulers.find((x) => x.key === task || x.name === task);
          return {
            task,
            everySeconds: s?.every ? Number(s.every) / 1000 : undefined,
            nextRunAt: iso(s?.next),
          };
        }),
        runs: jobs.map((job) => ({
          task: job.name,
          runId: job.id,
          outcome: job.failedReason
            ? 'failure'
            : job.finishedOn
              ? 'success'
              : job.processedOn
                ? 'running'
                : 'waiting',
          startedAt: iso(job.processedOn),
          finishedAt: iso(job.finishedOn),
          counts: job.returnvalue as MaintenanceCounts | undefined,
          error: job.failedReason || undefined,
        })),
      };
    } catch (error) {
      throw new DependencyError('maintenance runs on Redis, which does not answer now', error);
    }
  }

  async close(): Promise<void> {
    await this.queue.close().catch(() => undefined);
    this.connection.disconnect();
  }
}

/** A deployment without Redis (no REDIS_URL) runs no maintenance: say so instead of an empty list. */
export class NoMaintenance implements MaintenanceReader {
  report(): Promise<MaintenanceReport> {
    return Promise.reject(
      new DependencyError(
        'maintenance is not configured here: the events service and this admin need REDIS_URL',
      ),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
