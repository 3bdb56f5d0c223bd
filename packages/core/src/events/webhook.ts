import type { PlatformEvent, SubscribableEventType } from './platform-event.ts';

/** A signing secret in the Standard Webhooks form `whsec_<base64 of 24+ random bytes>`. */
export interface WebhookSecret {
  value: string;
  createdAt: string;
  /** Set on the previous secret at a rotation: it keeps signing until then (the grace period). */
  expiresAt?: string;
}

export interface Webhook {
  webhookId: string;
  userId: string;
  url: string;
  events: SubscribableEventType[];
  description: string;
  enabled: boolean;
  /** Newest first. Never shown after creation or rotation. */
  secrets: WebhookSecret[];
  /** Failed delivery attempts in a row; reset by any success. */
  consecutiveFailures: number;
  /** Why it was turned off (too many failures in a row), when it was. */
  disabledReason?: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export const DELIVERY_STATUSES = ['PENDING', 'RETRYING', 'DELIVERED', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** One event's journey to one webhook; kept for 7 days. */
export interface Delivery {
  deliveryId: string;
  webhookId: string;
  userId: string;
  event: PlatformEvent;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode?: number;
  lastError?: string;
  nextAttemptAt?: string;
  durationMs?: number;
  createdAt: string;
  updatedAt: string;
  /** Unix seconds: DynamoDB's TTL removes it after this. */
  expiresAtEpoch: number;
}

export const DELIVERY_RETENTION_SECONDS = 7 * 24 * 3600;

/** One delivery per (event, webhook): retries and a relay that runs twice find the same one. */
export function deliveryIdOf(eventId: string): string {
  return eventId.replace(/^evt_/, 'dlv_');
}

/** BullMQ job ids may not contain ':'; one job per (webhook, event), plus one per redelivery. */
export function deliveryJobId(webhookId: string, deliveryId: string, redelivery?: number): string {
  return redelivery === undefined
    ? `${webhookId}.${deliveryId}`
    : `${webhookId}.${deliveryId}.r${redelivery}`;
}

export function activeSecrets(webhook: Webhook, nowMs: number): WebhookSecret[] {
  return webhook.secrets.filter(
    (s) => s.expiresAt === undefined || Date.parse(s.expiresAt) > nowMs,
  );
}

export function isSubscribed(webhook: Webhook, event: PlatformEvent): boolean {
  if (event.type === 'webhook.test') return event.webhookId === webhook.webhookId;
  return webhook.enabled && (webhook.events as readonly string[]).includes(event.type);
}
