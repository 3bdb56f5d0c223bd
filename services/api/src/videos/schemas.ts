import { z } from 'zod';
import { JOB_TARGETS, PART_CHECKSUM_ALGORITHMS, isCrc32Base64 } from '@videoforge/core';
import { MAX_PARTS } from './multipart-plan.ts';

const title = z.string().trim().min(1).max(200);
const description = z.string().max(5000);

export const createVideoBody = z
  .strictObject({
    title,
    description: description.optional(),
    filename: z.string().min(1).max(255),
    contentType: z.string().min(1).max(100),
    sizeBytes: z.number().int().positive(),
    renditions: z.array(z.enum(JOB_TARGETS)).min(1).max(JOB_TARGETS.length).optional(),
    /** Multipart uploads only: each part is then signed with, and checked against, its checksum. */
    checksumAlgorithm: z.enum(PART_CHECKSUM_ALGORITHMS).optional(),
  })
  .meta({ id: 'CreateVideoRequest' });
export type CreateVideoInput = z.infer<typeof createVideoBody>;

/** Parts signed per call: enough for a client's read-ahead, small enough for a quick answer. */
export const MAX_PARTS_PER_SIGNING = 100;

const partChecksum = z.strictObject({
  partNumber: z.number().int().min(1).max(MAX_PARTS),
  checksumCRC32: z
    .string()
    .max(16)
    .refine(isCrc32Base64, 'must be the base64 of a 4-byte big-endian CRC32, e.g. "AAAAAA=="'),
});

export const signPartsBody = z
  .strictObject({
    parts: z
      .array(partChecksum)
      .min(1)
      .max(MAX_PARTS_PER_SIGNING)
      .refine(
        (parts) => new Set(parts.map((p) => p.partNumber)).size === parts.length,
        'each partNumber may appear only once',
      ),
  })
  .meta({ id: 'SignPartsRequest' });

export const patchVideoBody = z
  .strictObject({ title: title.optional(), description: description.optional() })
  .refine(
    (b) => b.title !== undefined || b.description !== undefined,
    'title or description is required',
  )
  .meta({ id: 'PatchVideoRequest' });

export const videoIdParams = z.object({
  id: z.string().regex(/^[0-9a-f-]{36}$/, 'is not a video id'),
});

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(2048).optional(),
});

export const renditionBody = z
  .strictObject({ quality: z.enum(JOB_TARGETS) })
  .meta({ id: 'RenditionRequest' });

export const playbackQuery = z.object({ quality: z.enum(JOB_TARGETS).default('720p') });
