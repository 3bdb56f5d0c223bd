import {
  DELIVERY_RETENTION_SECONDS,
  deliveryIdOf,
  deliveryJobId,
  isSubscribed,
  type DeliveryLog,
  type PlatformEvent,
  type WebhookStore,
} from '@videoforge/core';

export interface DeliveryJobData {
  userId: string;
  webhookId: string;
  deliveryId: string;
}

/** Where delivery jobs go (BullMQ in production; a fake in unit tests). */
export interface DeliveryScheduler {
  schedule(jobs: readonly { jobId: string; data: DeliveryJobData }[]): Promise<void>;
}

export interface FanOutDeps {
  webhooks: WebhookStore;
  deliveries: DeliveryLog;
  scheduler: DeliveryScheduler;
  now: () => Date;
}

/**
 * One delivery per subscribed webhook, recorded in its log and scheduled. Both steps are keyed by
 * (webhook, event): a relay that repeats a pass after a crash finds them and adds nothing.
 */
export function createFanOut(deps: FanOutDeps) {
  return {
    async publish(event: PlatformEvent): Promise<number> {
      const hooks = (await deps.webhooks.listByUser(event.userId)).filter((hook) =>
        isSubscribed(hook, event),
      );
      const deliveryId = deliveryIdOf(event.id);
      const now = deps.now();
      for (const hook of hooks) {
        await deps.deliveries.create({
          deliveryId,
          webhookId: hook.webhookId,
          userId: event.userId,
          event,
          status: 'PENDING',
          attempts: 0,
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
          expiresAtEpoch: Math.floor(now.getTime() / 1000) + DELIVERY_RETENTION_SECONDS,
        });
      }
      await deps.scheduler.schedule(
        hooks.map((hook) => ({
          jobId: deliveryJobId(hook.webhookId, deliveryId),
          data: { userId: event.userId, webhookId: hook.webhookId, deliveryId },
        })),
      );
      return hooks.length;
    },

    /** A user asked again: a new job for the same delivery (its log keeps counting attempts). */
    async redeliver(request: DeliveryJobData): Promise<void> {
      await deps.scheduler.schedule([
        {
          jobId: deliveryJobId(request.webhookId, request.deliveryId, deps.now().getTime()),
          data: request,
        },
      ]);
    },
  };
}

export type FanOut = ReturnType<typeof createFanOut>;
