import type { Delivery, Webhook } from '../events/webhook.ts';
import type { Page } from './video-repository.ts';

/** A user's webhooks (a handful each: the api caps how many). */
export interface WebhookStore {
  /** Fails with ConflictError if the id exists already. */
  create(webhook: Webhook): Promise<void>;
  get(userId: string, webhookId: string): Promise<Webhook | undefined>;
  listByUser(userId: string): Promise<Webhook[]>;
  /** Read-modify-write on `version`, as VideoRepository.update; undefined when it does not exist. */
  update(
    userId: string,
    webhookId: string,
    mutate: (current: Webhook) => Webhook | undefined,
  ): Promise<Webhook | undefined>;
  /** Removes the webhook; its delivery log expires on its own. */
  delete(userId: string, webhookId: string): Promise<void>;
}

/** Each webhook's deliveries, newest first, kept for DELIVERY_RETENTION_SECONDS. */
export interface DeliveryLog {
  /** Writes it unless one with that id exists; true when this call created it. */
  create(delivery: Delivery): Promise<boolean>;
  get(webhookId: string, deliveryId: string): Promise<Delivery | undefined>;
  /** Sets the given fields (and updatedAt); undefined when there is no such delivery. */
  update(
    webhookId: string,
    deliveryId: string,
    patch: Partial<Omit<Delivery, 'deliveryId' | 'webhookId' | 'userId' | 'event' | 'createdAt'>>,
  ): Promise<Delivery | undefined>;
  list(webhookId: string, opts: { limit: number; cursor?: string }): Promise<Page<Delivery>>;
}
