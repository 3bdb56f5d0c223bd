export { loadEventsConfig, type EventsConfig } from './config.ts';
export { startEvents, type RunningEvents } from './compose.ts';
export { reconcileStuckWork, LOST_ON_EVERY_ATTEMPT } from './maintenance/reconcile-stuck-work.ts';
export { expireAbandonedUploads } from './maintenance/expire-abandoned-uploads.ts';
export { OutboxRelay } from './relay/outbox-relay.ts';
export { createFanOut } from './relay/fan-out.ts';
export { attemptDelivery } from './delivery/attempt.ts';
