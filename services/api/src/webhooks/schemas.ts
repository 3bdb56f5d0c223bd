import { z } from 'zod';
import { SUBSCRIBABLE_EVENT_TYPES, type SubscribableEventType } from '@videoforge/core';

const url = z.string().trim().min(1).max(2048);
const description = z.string().max(500);

/** A non-empty set of subscribable types; repeats are dropped, the SPEC's order kept. */
const events = z
  .array(z.enum(SUBSCRIBABLE_EVENT_TYPES))
  .min(1)
  .max(50)
  .transform((chosen): SubscribableEventType[] =>
    SUBSCRIBABLE_EVENT_TYPES.filter((type) => chosen.includes(type)),
  );

export const createWebhookBody = z
  .strictObject({
    url,
    events,
    description: description.optional(),
  })
  .meta({ id: 'CreateWebhookRequest' });
export type CreateWebhookInput = z.infer<typeof createWebhookBody>;

export const patchWebhookBody = z
  .strictObject({
    enabled: z.boolean().optional(),
    url: url.optional(),
    events: events.optional(),
    description: description.optional(),
  })
  .refine(
    (b) => Object.values(b).some((v) => v !== undefined),
    'one of enabled, url, events or description is required',
  )
  .meta({ id: 'PatchWebhookRequest' });
export type PatchWebhookInput = z.infer<typeof patchWebhookBody>;

const webhookId = z.string().regex(/^wh_[0-9a-f]{32}$/, 'is not a webhook id');

export const webhookIdParams = z.object({ id: webhookId });

export const deliveryParams = z.object({
  id: webhookId,
  deliveryId: z.string().regex(/^dlv_[0-9a-f]{32}$/, 'is not a delivery id'),
});

export const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});
