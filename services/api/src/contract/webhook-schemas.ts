import { z } from 'zod';
import { DELIVERY_STATUSES, SUBSCRIBABLE_EVENT_TYPES } from '@videoforge/core';
import type { DeliveryView, WebhookView } from '../webhooks/webhook-view.ts';
import { timestamp } from './video-schemas.ts';

export const webhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.enum(SUBSCRIBABLE_EVENT_TYPES)),
    description: z.string(),
    enabled: z.boolean(),
    disabledReason: z.string().optional(),
    createdAt: timestamp,
  })
  .meta({ id: 'Webhook' });

export const createdWebhookSchema = z
  .object({
    webhook: webhookSchema,
    secret: z.string().meta({ description: 'whsec_<base64>: shown once' }),
  })
  .meta({ id: 'CreatedWebhook' });

export const webhookListSchema = z
  .object({ items: z.array(webhookSchema) })
  .meta({ id: 'WebhookList' });

export const secretSchema = z.object({ secret: z.string() }).meta({ id: 'WebhookSecret' });

export const testEventSchema = z.object({ eventId: z.string() }).meta({ id: 'TestEventSent' });

export const deliverySchema = z
  .object({
    id: z.string(),
    event: z.string(),
    status: z.enum(DELIVERY_STATUSES),
    attempts: z.number().int().nonnegative(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    nextAttemptAt: timestamp.nullable(),
    durationMs: z.number().nonnegative().nullable(),
    createdAt: timestamp,
  })
  .meta({ id: 'Delivery' });

export const deliveryPageSchema = z
  .object({ items: z.array(deliverySchema), nextCursor: z.string().nullable() })
  .meta({ id: 'DeliveryPage' });

export const redeliverySchema = z
  .object({ deliveryId: z.string(), status: z.literal('PENDING') })
  .meta({ id: 'Redelivery' });

type Conforms<Sent extends Described, Described> = Sent;
export type WebhookConforms = Conforms<WebhookView, z.output<typeof webhookSchema>>;
export type DeliveryConforms = Conforms<DeliveryView, z.output<typeof deliverySchema>>;
