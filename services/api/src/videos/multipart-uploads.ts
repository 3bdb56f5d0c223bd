import {
  ConflictError,
  NotFoundError,
  type ObjectStore,
  type Video,
  type VideoRepository,
} from '@videoforge/core';
import { missingParts, planParts } from './multipart-plan.ts';

export interface MultipartPlanView {
  method: 'MULTIPART';
  uploadId: string;
  partSize: number;
  expiresAt: string;
  /** Presigned PUT per part still to send; keep each response's ETag header. */
  parts: { partNumber: number; sizeBytes: number; url: string }[];
  uploadedParts: { partNumber: number; sizeBytes: number }[];
  status: { method: 'GET'; path: string };
  complete: { method: 'POST'; path: string };
  abort: { method: 'DELETE'; path: string };
}

/**
 * Large uploads go to S3 in parts, straight from the client, so no proxy body limit applies and a
 * failed part is simply sent again: the status call lists what arrived and re-signs the rest.
 */
export class MultipartUploads {
  private readonly deps: { videos: VideoRepository; objects: ObjectStore; urlTtlSeconds: number };

  constructor(deps: { videos: VideoRepository; objects: ObjectStore; urlTtlSeconds: number }) {
    this.deps = deps;
  }

  async plan(video: Video): Promise<MultipartPlanView> {
    const open = this.openUpload(video);
    const uploaded = await this.deps.objects.listUploadedParts(video.sourceKey, open.uploadId);
    const planned = planParts(video.sizeBytes, open.partSize);
    const parts = await Promise.all(
      missingParts(planned, uploaded).map(async (p) => ({
        ...p,
        url: await this.deps.objects.presignUploadPart(
          video.sourceKey,
          open.uploadId,
          p.partNumber,
          this.deps.urlTtlSeconds,
        ),
      })),
    );
    const base = `/api/videos/${video.videoId}/upload`;
    return {
      method: 'MULTIPART',
      uploadId: open.uploadId,
      partSize: open.partSize,
      expiresAt: new Date(Date.now() + this.deps.urlTtlSeconds * 1000).toISOString(),
      parts,
      uploadedParts: uploaded.map(({ partNumber, sizeBytes }) => ({ partNumber, sizeBytes })),
      status: { method: 'GET', path: base },
      complete: { method: 'POST', path: `${base}/complete` },
      abort: { method: 'DELETE', path: base },
    };
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
    await this.deps.objects.completeMultipartUpload(video.sourceKey, open.uploadId, uploaded);
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

  private openUpload(video: Video) {
    if (video.status !== 'PENDING_UPLOAD' || !video.multipartUpload) {
      throw new NotFoundError('this video has no open multipart upload');
    }
    return video.multipartUpload;
  }
}
