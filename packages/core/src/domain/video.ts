import type { PartChecksumAlgorithm } from './part-checksum.ts';
import type { PlatformEvent } from '../events/platform-event.ts';
import type { JobTarget } from './qualities.ts';

export const VIDEO_STATUSES = [
  'PENDING_UPLOAD',
  'UPLOADED',
  'PROCESSING',
  'READY',
  'FAILED',
] as const;
export type VideoStatus = (typeof VIDEO_STATUSES)[number];

/** SKIPPED: the rung is taller than the source, so it is not produced (we never upscale). */
export const RENDITION_STATUSES = ['QUEUED', 'PROCESSING', 'READY', 'FAILED', 'SKIPPED'] as const;
export type RenditionStatus = (typeof RENDITION_STATUSES)[number];

/**
 * What users see of a failure: a stable code and a human sentence. Never ffmpeg's output, a URL,
 * a host or a port: those stay in the logs and in `Rendition.diagnostic`, which only operators see.
 */
export const FAILURE_CODES = [
  'UNSUPPORTED_FORMAT',
  'SOURCE_UNREADABLE',
  'LIMIT_EXCEEDED',
  'TIMED_OUT',
  'STALLED',
  'INTERNAL',
] as const;
export type FailureCode = (typeof FAILURE_CODES)[number];

export interface Failure {
  code: FailureCode;
  message: string;
}

/**
 * Which message runs a rendition. A job sent twice (an S3 event delivered twice, a retried
 * Lambda) carries one job id in two messages: the second must not run while the first is alive.
 */
export interface JobClaim {
  jobId: string;
  messageId: string;
}

export interface Rendition {
  status: RenditionStatus;
  key?: string;
  sizeBytes?: number;
  /** Why it FAILED, or why the last attempt failed while it waits for a retry. */
  error?: Failure;
  /** Why it was SKIPPED (a rung above the source). */
  skipReason?: string;
  /** For operators only (admin views, logs): the tool's own words, with signed URLs redacted. */
  diagnostic?: string;
  attempts?: number;
  /** 0-100 while PROCESSING, from ffmpeg's position against the source duration. */
  progress?: number;
  /** Seconds left, estimated from the pace so far. */
  etaSeconds?: number;
  /** Last sign of life from the worker running it (PROCESSING only): readers tell a lost worker. */
  aliveAt?: string;
  /** The job and the SQS message of the attempt running it (PROCESSING only). */
  claim?: JobClaim;
  updatedAt: string;
}

export interface Video {
  videoId: string;
  userId: string;
  title: string;
  description: string;
  status: VideoStatus;
  sourceKey: string;
  sizeBytes: number;
  contentType: string;
  durationSec?: number;
  width?: number;
  height?: number;
  renditions: Partial<Record<JobTarget, Rendition>>;
  /** Set while a multipart upload is open; cleared when it is completed. */
  multipartUpload?: {
    uploadId: string;
    partSize: number;
    partCount: number;
    /** Set when S3 was told to check every part against a checksum the client signed it with. */
    checksumAlgorithm?: PartChecksumAlgorithm;
  };
  /** S3 key of the poster JPEG, once a worker has made it. */
  posterKey?: string;
  /** The failure of the rendition that made the video FAILED. */
  failure?: Failure;
  /** When the source upload completed (the video became UPLOADED): the start of time-to-ready. */
  uploadedAt?: string;
  /** How many times its owner asked again for a FAILED rendition of this video (capped). */
  requeues?: number;
  /**
   * Declared source bytes counted, with the video itself, against the owner's quota when it was
   * created; released once when it is deleted. Absent on videos made before quotas existed.
   */
  reservedBytes?: number;
  /**
   * Events written by the same conditional write as the transitions they describe, until the
   * events relay has handed them to BullMQ (a transactional outbox inside the item).
   */
  outbox?: PlatformEvent[];
  createdAt: string;
  updatedAt: string;
  /** Optimistic-concurrency counter: every write is conditional on the version it read. */
  version: number;
}

export interface SourceInfo {
  durationSec: number;
  width: number;
  height: number;
}
