import { v7 as uuidv7 } from 'uuid';
import {
  DEFAULT_RENDITIONS,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  UPLOAD_EXTENSIONS,
  rawKey,
  releaseReservation,
  uploadExtensionOf,
  type JobTarget,
  type ObjectStore,
  type PartChecksum,
  type PresignedRequest,
  type Rendition,
  type UploadExtension,
  type Video,
  type VideoRepository,
} from '@videoforge/core';
import { choosePartSize } from './multipart-plan.ts';
import {
  MultipartUploads,
  type MultipartPlanView,
  type SignedPartsView,
} from './multipart-uploads.ts';
import type { QuotaGuard } from './quota-guard.ts';
import type { CreateVideoInput } from './schemas.ts';

export interface VideoUploadsDeps {
  videos: VideoRepository;
  objects: ObjectStore;
  quotas: QuotaGuard;
  limits: {
    maxUploadBytes: number;
    uploadUrlTtlSeconds: number;
    /** Uploads above this size get a multipart plan instead of one PUT. */
    multipartThresholdBytes: number;
    multipartPartBytes: number;
  };
  clock?: () => Date;
}

/** A new video and the instructions to upload its source. */
export interface CreatedUpload {
  video: Video;
  upload: PresignedRequest | MultipartPlanView;
}

const VIDEO_CONTENT_TYPE = /^video\/[A-Za-z0-9.+-]+$/;

/**
 * A video's life before its source is in: the record and the upload instructions (one presigned
 * PUT, or a multipart plan for a large file), then the multipart flow until it is complete or
 * abandoned. Every video created here is counted against its owner's quotas.
 */
export class VideoUploads {
  private readonly deps: VideoUploadsDeps;
  private readonly multipart: MultipartUploads;

  constructor(deps: VideoUploadsDeps) {
    this.deps = deps;
    this.multipart = new MultipartUploads({
      videos: deps.videos,
      objects: deps.objects,
      urlTtlSeconds: deps.limits.uploadUrlTtlSeconds,
    });
  }

  /** Counts the video against the caller's quotas first; gives the slot back if creating fails. */
  async create(userId: string, input: CreateVideoInput): Promise<CreatedUpload> {
    const ext = this.checkUpload(input);
    await this.deps.quotas.checkTranscodeAllowance(userId);
    await this.deps.quotas.reserveVideo(userId, input.sizeBytes);
    try {
      return await this.createReserved(userId, ext, input);
    } catch (error) {
      await this.deps.quotas.releaseVideo(userId, input.sizeBytes).catch(() => undefined);
      throw error;
    }
  }

  status(video: Video): Promise<MultipartPlanView> {
    return this.multipart.plan(video);
  }

  signParts(video: Video, parts: readonly PartChecksum[]): Promise<SignedPartsView> {
    return this.multipart.signParts(video, parts);
  }

  complete(video: Video): Promise<void> {
    return this.multipart.complete(video);
  }

  async abort(video: Video): Promise<void> {
    // Aborting removes the record: its quota goes back first, while the record can say so once.
    if (video.multipartUpload) {
      const { videos, quotas } = this.deps;
      await releaseReservation({ videos, usage: quotas, now: () => this.now() }, video);
    }
    await this.multipart.abort(video);
  }

  private async createReserved(
    userId: string,
    ext: UploadExtension,
    input: CreateVideoInput,
  ): Promise<CreatedUpload> {
    const videoId = uuidv7();
    const sourceKey = rawKey(userId, videoId, ext);
    if (input.sizeBytes > this.deps.limits.multipartThresholdBytes) {
      return this.createMultipart(userId, videoId, sourceKey, input);
    }
    // Presign before writing, so a failure leaves no record behind.
    const upload = await this.deps.objects.presignPut(sourceKey, {
      contentType: input.contentType,
      contentLength: input.sizeBytes,
      expiresInSec: this.deps.limits.uploadUrlTtlSeconds,
    });
    const video = this.newVideo(userId, videoId, sourceKey, input);
    await this.deps.videos.create(video);
    return { video, upload };
  }

  /** Multipart plan for a large upload; if the record cannot be written, the S3 upload is aborted. */
  private async createMultipart(
    userId: string,
    videoId: string,
    sourceKey: string,
    input: CreateVideoInput,
  ): Promise<CreatedUpload> {
    const { checksumAlgorithm } = input;
    const uploadId = await this.deps.objects.createMultipartUpload(sourceKey, input.contentType, {
      checksumAlgorithm,
    });
    const partSize = choosePartSize(input.sizeBytes, this.deps.limits.multipartPartBytes);
    const video: Video = {
      ...this.newVideo(userId, videoId, sourceKey, input),
      multipartUpload: {
        uploadId,
        partSize,
        partCount: Math.ceil(input.sizeBytes / partSize),
        ...(checksumAlgorithm && { checksumAlgorithm }),
      },
    };
    try {
      await this.deps.videos.create(video);
    } catch (error) {
      await this.deps.objects.abortMultipartUpload(sourceKey, uploadId).catch(() => undefined);
      throw error;
    }
    return { video, upload: await this.multipart.plan(video) };
  }

  private newVideo(
    userId: string,
    videoId: string,
    sourceKey: string,
    input: CreateVideoInput,
  ): Video {
    const now = this.now();
    const targets = [...new Set(input.renditions ?? DEFAULT_RENDITIONS)];
    return {
      videoId,
      userId,
      title: input.title,
      description: input.description ?? '',
      status: 'PENDING_UPLOAD',
      sourceKey,
      sizeBytes: input.sizeBytes,
      contentType: input.contentType,
      reservedBytes: input.sizeBytes,
      renditions: Object.fromEntries(
        targets.map((t): [JobTarget, Rendition] => [t, { status: 'QUEUED', updatedAt: now }]),
      ),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
  }

  private checkUpload(input: CreateVideoInput): UploadExtension {
    if (!VIDEO_CONTENT_TYPE.test(input.contentType)) {
      throw new UnsupportedMediaTypeError('contentType must be a video/* type', 'contentType');
    }
    const ext = uploadExtensionOf(input.filename);
    if (!ext) {
      throw new UnsupportedMediaTypeError(
        `filename must end in one of: ${UPLOAD_EXTENSIONS.join(', ')}`,
        'filename',
      );
    }
    if (input.sizeBytes > this.deps.limits.maxUploadBytes) {
      throw new PayloadTooLargeError(
        `sizeBytes is over the limit of ${this.deps.limits.maxUploadBytes} bytes`,
        'sizeBytes',
      );
    }
    return ext;
  }

  private now(): string {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }
}
