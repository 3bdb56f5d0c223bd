/**
 * BullMQ queue names shared by the events service (which runs them) and the admin service (which
 * reports on them). Every key starts with the prefix, so one Redis can serve several apps.
 */
export const EVENT_QUEUES = {
  prefix: 'videoforge',
  deliveries: 'webhook-deliveries',
  maintenance: 'maintenance',
} as const;

export const MAINTENANCE_TASKS = ['expire-abandoned-uploads', 'reconcile-stuck-work'] as const;
export type MaintenanceTask = (typeof MAINTENANCE_TASKS)[number];

/** What a maintenance run reports (its BullMQ return value, logged and shown to admins). */
export type MaintenanceCounts = Record<string, number>;
