import { z } from 'zod';
import { VIDEO_STATUSES } from '@videoforge/core';

/**
 * Bodies reject unknown fields (400 naming the field); query strings ignore unknown parameters,
 * the same rules as the api.
 */
const limit = (max: number, fallback: number) =>
  z.coerce.number().int().min(1).max(max).default(fallback);

export const usersQuery = z.object({
  limit: limit(60, 20),
  // A listing cursor is base64url; its shape is checked where it is decoded (listing-cursor.ts).
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9+/=_-]{1,4096}$/, 'is not a cursor of this listing')
    .optional(),
});

export const videosQuery = z.object({
  status: z.enum(VIDEO_STATUSES),
  limit: limit(100, 20),
  cursor: z.string().min(1).max(2048).optional(),
});

export const dlqQuery = z.object({ limit: limit(100, 50) });

const messageId = z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'is not an SQS message id');

export const redriveBody = z
  .strictObject({
    all: z.literal(true).optional(),
    messageIds: z.array(messageId).min(1).max(100).optional(),
  })
  .refine(
    (body) => (body.all === true) !== (body.messageIds !== undefined),
    'give either "all": true or "messageIds": [...], not both',
  );
