import type { PartChecksumAlgorithm } from './part-checksum.ts';
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

export interface Rendition {
  status: RenditionStatus;
  key?: string;
  sizeBytes?: number;
  error?: string;
  attempts?: number;
  /** 0-100 while PROCESSING, from ffmpeg's position against the source duration. */
  progress?: number;
  /** Seconds left, estimated from the pace so far. */
  etaSeconds?: number;
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
  failureReason?: string;
  /** When the source upload completed (the video became UPLOADED): the start of time-to-ready. */
  uploadedAt?: string;
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
