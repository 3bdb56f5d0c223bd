import type { Queue } from 'bullmq';
import type { EventsMetrics } from './metrics.ts';

const EVERY_MS = 5_000;

/** Samples BullMQ's job counts for the queue-depth gauges (and the backlog alert). */
export function watchQueues(queues: Record<string, Queue>, metrics: EventsMetrics) {
  const sample = async () => {
    for (const [name, queue] of Object.entries(queues)) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
      metrics.queueJobs(name, counts);
    }
  };
  const timer = setInterval(() => void sample().catch(() => undefined), EVERY_MS);
  timer.unref();
  void sample().catch(() => undefined);
  return { stop: () => clearInterval(timer) };
}
