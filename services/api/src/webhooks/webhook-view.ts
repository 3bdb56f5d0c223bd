import type { Delivery, DeliveryStatus, SubscribableEventType, Webhook } from '@videoforge/core';

export interface WebhookView {
  id: string;
  url: string;
  events: SubscribableEventType[];
  description: string;
  enabled: boolean;
  /** Why it was turned off after failures in a row, until it is enabled again. */
  disabledReason?: string;
  createdAt: string;
}

/** Built field by field: secrets never reach a client after they are first shown. */
export function toWebhookView(webhook: Webhook): WebhookView {
  return {
    id: webhook.webhookId,
    url: webhook.url,
    events: webhook.events,
    description: webhook.description,
    enabled: webhook.enabled,
    ...(webhook.disabledReason ? { disabledReason: webhook.disabledReason } : {}),
    createdAt: webhook.createdAt,
  };
}

export interface DeliveryView {
  id: string;
  /** The event type. */
  event: string;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  durationMs: number | null;
  createdAt: string;
}

export function toDeliveryView(delivery: Delivery): DeliveryView {
  return {
    id: delivery.deliveryId,
    event: delivery.event.type,
    status: delivery.status,
    attempts: delivery.attempts,
    lastStatusCode: delivery.lastStatusCode ?? null,
    lastError: delivery.lastError ?? null,
    nextAttemptAt: delivery.nextAttemptAt ?? null,
    durationMs: delivery.durationMs ?? null,
    createdAt: delivery.createdAt,
  };
}
