import { z } from 'zod';
import {
  FAILURE_CODES,
  JOB_TARGETS,
  PART_CHECKSUM_ALGORITHMS,
  RENDITION_STATUSES,
  VIDEO_STATUSES,
} from '@videoforge/core';
import type { MultipartPlanView, SignedPartsView } from '../videos/multipart-uploads.ts';
import type { VideoView } from '../videos/video-view.ts';

/** What the routes answer about videos, as zod schemas: the contract's response half. */

export const timestamp = z.string().meta({ format: 'date-time', description: 'ISO-8601, UTC' });
const count = z.number().int().nonnegative();

export const failureSchema = z
  .object({ code: z.enum(FAILURE_CODES), message: z.string() })
  .meta({ id: 'Failure', description: 'A stable code and a human sentence; never tool output.' });

const renditionFields = {
  status: z.enum(RENDITION_STATUSES),
  key: z.string().optional(),
  sizeBytes: count.optional(),
  error: failureSchema.optional(),
  skipReason: z.string().optional(),
  attempts: count.optional(),
  progress: z.number().min(0).max(100).optional(),
  etaSeconds: z.number().nonnegative().optional(),
  claim: z.object({ jobId: z.string(), messageId: z.string() }).optional(),
  updatedAt: timestamp,
};

export const renditionSchema = z
  .object({
    ...renditionFields,
    waitingForRetry: z.literal(true).optional(),
    silentSeconds: count.optional(),
  })
  .meta({ id: 'Rendition' });

export const videoSchema = z
  .object({
    videoId: z.string(),
    userId: z.string(),
    title: z.string(),
    description: z.string(),
    status: z.enum(VIDEO_STATUSES),
    sourceKey: z.string(),
    sizeBytes: count,
    contentType: z.string(),
    durationSec: z.number().nonnegative().optional(),
    width: count.optional(),
    height: count.optional(),
    renditions: z.partialRecord(z.enum(JOB_TARGETS), renditionSchema),
    multipartUpload: z
      .object({
        uploadId: z.string(),
        partSize: count,
        partCount: count,
        checksumAlgorithm: z.enum(PART_CHECKSUM_ALGORITHMS).optional(),
      })
      .optional(),
    posterKey: z.string().optional(),
    posterUrl: z.string().optional(),
    failure: failureSchema.optional(),
    uploadedAt: timestamp.optional(),
    requeues: count.optional(),
    reservedBytes: count.optional(),
    queuePosition: count.optional(),
    progress: z
      .object({
        percent: z.number().min(0).max(100),
        etaSeconds: z.number().nonnegative().optional(),
        waitingForRetry: z.literal(true).optional(),
      })
      .optional(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: 'Video' });

export const videoPageSchema = z
  .object({ items: z.array(videoSchema), nextCursor: z.string().nullable() })
  .meta({ id: 'VideoPage' });

const linkTo = <M extends string>(method: M) =>
  z.object({ method: z.literal(method), path: z.string() });

export const presignedUploadSchema = z
  .object({
    url: z.string(),
    method: z.literal('PUT'),
    headers: z.record(z.string(), z.string()),
    expiresAt: timestamp,
  })
  .meta({ id: 'PresignedUpload', description: 'PUT the file to url with exactly these headers.' });

export const multipartPlanSchema = z
  .object({
    method: z.literal('MULTIPART'),
    uploadId: z.string(),
    partSize: count,
    expiresAt: timestamp,
    checksumAlgorithm: z.enum(PART_CHECKSUM_ALGORITHMS).optional(),
    parts: z.array(z.object({ partNumber: count, sizeBytes: count, url: z.string().optional() })),
    uploadedParts: z.array(
      z.object({ partNumber: count, sizeBytes: count, checksumCRC32: z.string().optional() }),
    ),
    signParts: linkTo('POST').optional(),
    status: linkTo('GET'),
    complete: linkTo('POST'),
    abort: linkTo('DELETE'),
  })
  .meta({ id: 'MultipartPlan' });

export const createdVideoSchema = z
  .object({ video: videoSchema, upload: z.union([presignedUploadSchema, multipartPlanSchema]) })
  .meta({ id: 'CreatedVideo' });

export const signedPartsSchema = z
  .object({
    expiresAt: timestamp,
    parts: z.array(
      z.object({
        partNumber: count,
        method: z.literal('PUT'),
        url: z.string(),
        headers: z.record(z.string(), z.string()),
      }),
    ),
  })
  .meta({ id: 'SignedParts' });

/** A rendition as stored, with its quality: what asking for one answers. */
export const renditionAnswerSchema = z
  .looseObject({ quality: z.enum(JOB_TARGETS), ...renditionFields })
  .meta({ id: 'RenditionRequested' });

export const playbackSchema = z
  .object({ url: z.string(), expiresAt: timestamp })
  .meta({ id: 'Playback' });

/** Compile-time proof that what the routes send fits the schemas above. */
type Conforms<Sent extends Described, Described> = Sent;
export type VideoConforms = Conforms<VideoView, z.output<typeof videoSchema>>;
export type PlanConforms = Conforms<MultipartPlanView, z.output<typeof multipartPlanSchema>>;
export type PartsConforms = Conforms<SignedPartsView, z.output<typeof signedPartsSchema>>;
