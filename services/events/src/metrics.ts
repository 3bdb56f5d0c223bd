import { MAINTENANCE_TASKS } from '@videoforge/core';
import { Counter, Gauge, Histogram, type Registry } from '@videoforge/platform';

export const DELIVERY_OUTCOMES = ['delivered', 'retried', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];
export const RECONCILED_KINDS = ['requeued', 'dead_lettered', 'expired_upload'] as const;
export type ReconciledKind = (typeof RECONCILED_KINDS)[number];
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** SPEC metric names; every known series starts at 0 so a first increase shows as a rate. */
export function createEventsMetrics(registry: Registry) {
  const deliveries = new Counter({
    name: 'videoforge_webhook_deliveries_total',
    help: 'Webhook delivery attempts by outcome (retried: failed, another attempt is scheduled)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const deliveryDuration = new Histogram({
    name: 'videoforge_webhook_delivery_duration_seconds',
    help: 'Time from connecting to a receiver to its answer (or the failure)',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const maintenanceRuns = new Counter({
    name: 'videoforge_maintenance_runs_total',
    help: 'Scheduled maintenance runs by task and outcome',
    labelNames: ['task', 'outcome'],
    registers: [registry],
  });
  const reconciled = new Counter({
    name: 'videoforge_reconciled_total',
    help: 'Items maintenance repaired, by kind',
    labelNames: ['kind'],
    registers: [registry],
  });
  const queueJobs = new Gauge({
    name: 'videoforge_events_queue_jobs',
    help: 'BullMQ jobs by queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
  });
  const outboxEntries = new Gauge({
    name: 'videoforge_outbox_entries',
    help: 'Outbox entries seen by the last relay pass (at most one page): events not yet in BullMQ',
    registers: [registry],
  });
  for (const outcome of DELIVERY_OUTCOMES) deliveries.inc({ outcome }, 0);
  for (const task of MAINTENANCE_TASKS) {
    for (const outcome of ['success', 'failure']) maintenanceRuns.inc({ task, outcome }, 0);
  }
  for (const kind of RECONCILED_KINDS) reconciled.inc({ kind }, 0);
  deliveryDuration.zero({});

  return {
    delivery: (outcome: DeliveryOutcome, seconds?: number) => {
      deliveries.inc({ outcome });
      if (seconds !== undefined) deliveryDuration.observe(seconds);
    },
    maintenanceRun: (task: string, outcome: 'success' | 'failure') =>
      maintenanceRuns.inc({ task, outcome }),
    reconciled: (kind: ReconciledKind, count: number) => reconciled.inc({ kind }, count),
    queueJobs: (queue: string, counts: Partial<Record<QueueState, number>>) => {
      for (const state of QUEUE_STATES) queueJobs.set({ queue, state }, counts[state] ?? 0);
    },
    outboxEntries: (count: number) => outboxEntries.set(count),
  };
}

export type EventsMetrics = ReturnType<typeof createEventsMetrics>;
