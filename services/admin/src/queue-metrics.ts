import type { QueueAdmin } from '@videoforge/core';
import { Gauge, type Logger, type Registry } from '@videoforge/platform';

/**
 * `videoforge_queue_messages{queue="jobs|dlq", state="visible|in_flight"}`, read from SQS on each
 * scrape (never a stale copy). A queue that cannot be read is left out of that scrape, so alerts
 * see the series vanish rather than a made-up value.
 */
export function registerQueueGauge(
  registry: Registry,
  queues: { jobs: QueueAdmin; dlq: QueueAdmin },
  logger: Logger,
): Gauge<'queue' | 'state'> {
  let lastWarning = 0;
  return new Gauge({
    name: 'videoforge_queue_messages',
    help: 'Messages in the jobs queue and its DLQ, by state (read from SQS on each scrape)',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        Object.entries(queues).map(async ([queue, admin]) => {
          try {
            const depth = await admin.depth();
            this.set({ queue, state: 'visible' }, depth.visible);
            this.set({ queue, state: 'in_flight' }, depth.inFlight);
          } catch (error) {
            // Once a minute at most: Prometheus scrapes every few seconds.
            if (Date.now() - lastWarning > 60_000) {
              lastWarning = Date.now();
              logger.warn({ err: error, queue }, 'could not read the queue depth for /metrics');
            }
          }
        }),
      );
    },
  });
}
