import { z } from 'zod';
import { JOB_TARGETS } from '@videoforge/core';

const title = z.string().trim().min(1).max(200);
const description = z.string().max(5000);

export const createVideoBody = z.strictObject({
  title,
  description: description.optional(),
  filename: z.string().min(1).max(255),
  contentType: z.string().min(1).max(100),
  sizeBytes: z.number().int().positive(),
  renditions: z.array(z.enum(JOB_TARGETS)).min(1).max(JOB_TARGETS.length).optional(),
});
export type CreateVideoInput = z.infer<typeof createVideoBody>;

export const patchVideoBody = z
  .strictObject({ title: title.optional(), description: description.optional() })
  .refine(
    (b) => b.title !== undefined || b.description !== undefined,
    'title or description is required',
  );

export const videoIdParams = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, 'is not a video id'),
});

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const renditionBody = z.strictObject({ quality: z.enum(JOB_TARGETS) });

export const playbackQuery = z.object({ quality: z.enum(JOB_TARGETS).default('720p') });
