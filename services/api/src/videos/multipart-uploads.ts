import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type ObjectStore,
  type PartChecksum,
  type PartChecksumAlgorithm,
  type UploadedPart,
  type Video,
  type VideoRepository,
} from '@videoforge/core';
import { missingParts, partsOutsidePlan, planParts, type PlannedPart } from './multipart-plan.ts';

type OpenUpload = NonNullable<Video['multipartUpload']>;

export interface MultipartPlanView {
  method: 'MULTIPART';
  uploadId: string;
  partSize: number;
  expiresAt: string;
  /** Set when each part must be signed with its checksum first, through `signParts`. */
  checksumAlgorithm?: PartChecksumAlgorithm;
  /**
   * Parts still to send. Without a checksum algorithm each has a presigned PUT (keep each
   * response's ETag header); with one, none has a URL until signed with its checksum. Every part
   * URL is signed for the part's `sizeBytes` as Content-Length: S3 refuses any other length.
   */
  parts: { partNumber: number; sizeBytes: number; url?: string }[];
  /** With a checksum algorithm, each carries the checksum S3 recorded, to compare with the file's. */
  uploadedParts: { partNumber: number; sizeBytes: number; checksumCRC32?: string }[];
  signParts?: { method: 'POST'; path: string };
  status: { method: 'GET'; path: string };
  complete: { method: 'POST'; path: string };
  abort: { method: 'DELETE'; path: string };
}

export interface SignedPartsView {
  expiresAt: string;
  /** PUT the part's bytes to `url` with exactly these headers: checksum and length are signed. */
  parts: { partNumber: number; method: 'PUT'; url: string; headers: Record<string, string> }[];
}

/**
 * Large uploads go to S3 in parts, straight from the client, so no proxy body limit applies and a
 * failed part is simply sent again: the status call lists what arrived and re-signs the rest.
 * With checksums, S3 itself refuses a part whose bytes are not the ones the client summed.
 */
export class MultipartUploads {
  private readonly deps: { videos: VideoRepository; objects: ObjectStore; urlTtlSeconds: number };

  constructor(deps: { videos: VideoRepository; objects: ObjectStore; urlTtlSeconds: number }) {
    this.deps = deps;
  }

  async plan(video: Video): Promise<MultipartPlanView> {
    const open = this.openUpload(video);
    const uploaded = await this.deps.objects.listUploadedParts(video.sourceKey, open.uploadId);
    const missing = missingParts(planParts(video.sizeBytes, open.partSize), uploaded);
    const base = `/api/videos/${video.videoId}/upload`;
    const links = {
      status: { method: 'GET', path: base },
      complete: { method: 'POST', path: `${base}/complete` },
      abort: { method: 'DELETE', path: base },
    } as const;
    const common = {
      method: 'MULTIPART',
      uploadId: open.uploadId,
      partSize: open.partSize,
      expiresAt: this.expiresAt(),
    } as const;
    if (open.checksumAlgorithm) {
      return {
        ...common,
        checksumAlgorithm: open.checksumAlgorithm,
        parts: missing,
        uploadedParts: uploaded.map(({ partNumber, sizeBytes, checksumCRC32 }) => ({
          partNumber,
          sizeBytes,
          checksumCRC32,
        })),
        signParts: { method: 'POST', path: `${base}/parts` },
        ...links,
      };
    }
    return {
      ...common,
      parts: await this.presignUnchecked(video, open, missing),
      uploadedParts: uploaded.map(({ partNumber, sizeBytes }) => ({ partNumber, sizeBytes })),
      ...links,
    };
  }

  /** Part URLs bound to the checksums the client computed; only for uploads created with them. */
  async signParts(video: Video, requested: readonly PartChecksum[]): Promise<SignedPartsView> {
    const open = this.openUpload(video);
    if (open.checksumAlgorithm !== 'CRC32') {
      throw new ConflictError(
        `this upload was not created with checksumAlgorithm "CRC32": its part URLs come from GET /api/videos/${video.videoId}/upload`,
      );
    }
    const outside = partsOutsidePlan(requested, open.partCount);
    if (outside.length > 0) {
      throw new ValidationError(
        `partNumber not in this upload (it has parts 1 to ${open.partCount}): ${outside.join(', ')}`,
        'parts',
      );
    }
    const planned = planParts(video.sizeBytes, open.partSize);
    const parts = await Promise.all(
      requested.map(async (part) => {
        const { url, headers } = await this.deps.objects.presignChecksumUploadPart(
          video.sourceKey,
          open.uploadId,
          { ...part, sizeBytes: sizeOfPart(planned, part.partNumber) },
          this.deps.urlTtlSeconds,
        );
        return { partNumber: part.partNumber, method: 'PUT' as const, url, headers };
      }),
    );
    return { expiresAt: this.expiresAt(), parts };
  }

  /** Finishes the upload once every part is there; S3's ObjectCreated event takes it from there. */
  async complete(video: Video): Promise<void> {
    const open = this.openUpload(video);
    const uploaded = await this.deps.objects.listUploadedParts(video.sourceKey, open.uploadId);
    const missing = missingParts(planParts(video.sizeBytes, open.partSize), uploaded);
    if (missing.length > 0) {
      throw new ConflictError(
        `parts missing or of the wrong size: ${missing.map((p) => p.partNumber).join(', ')}`,
      );
    }
    await this.deps.objects.completeMultipartUpload(
      video.sourceKey,
      open.uploadId,
      uploaded.map((p) => forCompletion(p, open)),
    );
    await this.deps.videos.update(video.userId, video.videoId, (v) => ({
      ...v,
      multipartUpload: undefined,
    }));
  }

  /** Gives up: the parts are discarded and the video record goes too, leaving nothing half-written. */
  async abort(video: Video): Promise<void> {
    const open = this.openUpload(video);
    await this.deps.objects.abortMultipartUpload(video.sourceKey, open.uploadId);
    await this.deps.videos.delete(video.userId, video.videoId);
  }

  private presignUnchecked(video: Video, open: OpenUpload, parts: PlannedPart[]) {
    return Promise.all(
      parts.map(async (p) => ({
        ...p,
        url: await this.deps.objects.presignUploadPart(
          video.sourceKey,
          open.uploadId,
          p,
          this.deps.urlTtlSeconds,
        ),
      })),
    );
  }

  private openUpload(video: Video): OpenUpload {
    if (video.status !== 'PENDING_UPLOAD' || !video.multipartUpload) {
      throw new NotFoundError('this video has no open multipart upload');
    }
    return video.multipartUpload;
  }

  private expiresAt(): string {
    return new Date(Date.now() + this.deps.urlTtlSeconds * 1000).toISOString();
  }
}

/** The planned size of a part already checked to be in the plan. */
function sizeOfPart(planned: readonly PlannedPart[], partNumber: number): number {
  const part = planned[partNumber - 1];
  if (part?.partNumber !== partNumber) throw new Error(`part ${partNumber} is not in the plan`);
  return part.sizeBytes;
}

/** Checksums go to CompleteMultipartUpload only for an upload created with them, as S3 expects. */
function forCompletion(part: UploadedPart, open: OpenUpload): UploadedPart {
  if (open.checksumAlgorithm) return part;
  const { checksumCRC32: _unchecked, ...rest } = part;
  return rest;
}
