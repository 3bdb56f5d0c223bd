import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import {
  ConflictError,
  DEFAULT_RENDITIONS,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  releaseReservation,
  removeVideo,
  failRendition,
  hlsMasterKey,
  newJobMessage,
  needsQueueing,
  queueRendition,
  rawKey,
  uploadExtensionOf,
  UPLOAD_EXTENSIONS,
  type Failure,
  type JobQueue,
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
import { hasQueuedRendition, toVideoView, type VideoView } from './video-view.ts';

export interface VideoServiceDeps {
  videos: VideoRepository;
  objects: ObjectStore;
  jobs: JobQueue;
  quotas: QuotaGuard;
  limits: {
    maxUploadBytes: number;
    uploadUrlTtlSeconds: number;
    playbackUrlTtlSeconds: number;
    /** Uploads above this size get a multipart plan instead of one PUT. */
    multipartThresholdBytes: number;
    multipartPartBytes: number;
    /** Times a video's FAILED renditions may be asked for again, in all. */
    maxRenditionRequeues: number;
    /** A PROCESSING rendition silent for longer is shown as waiting for a retry. */
    renditionStaleSeconds: number;
  };
  clock?: () => Date;
  /** How long a queue depth reading is reused: position is approximate anyway, SQS calls are not free. */
  queueDepthCacheMs?: number;
}

const VIDEO_CONTENT_TYPE = /^video\/[A-Za-z0-9.+-]+$/;

/** Never leave a rendition QUEUED without a job: it becomes FAILED, so it can be asked for again. */
const ENQUEUE_FAILED: Failure = {
  code: 'INTERNAL',
  message: 'the job could not be queued; ask for the rendition again',
};

/** The API's use cases for a user's own videos. Every lookup is scoped to the caller's user id. */
export class VideoService {
  private readonly deps: VideoServiceDeps;
  private readonly multipart: MultipartUploads;
  private depthReading: { at: number; value: Promise<number> } | undefined;

  constructor(deps: VideoServiceDeps) {
    this.deps = deps;
    this.multipart = new MultipartUploads({
      videos: deps.videos,
      objects: deps.objects,
      urlTtlSeconds: deps.limits.uploadUrlTtlSeconds,
    });
  }

  /** The client view: a presigned poster URL, progress, and a queue position while queued. */
  async view(video: Video): Promise<VideoView> {
    const posterUrl = video.posterKey
      ? (
          await this.deps.objects.presignGet(video.posterKey, {
            expiresInSec: this.deps.limits.playbackUrlTtlSeconds,
          })
        ).url
      : undefined;
    const queuePosition = hasQueuedRendition(video) ? await this.queueDepth() : undefined;
    return toVideoView(
      video,
      { posterUrl, queuePosition },
      {
        nowMs: (this.deps.clock?.() ?? new Date()).getTime(),
        staleAfterSeconds: this.deps.limits.renditionStaleSeconds,
      },
    );
  }

  private queueDepth(): Promise<number | undefined> {
    const now = Date.now();
    if (!this.depthReading || now - this.depthReading.at > (this.deps.queueDepthCacheMs ?? 5000)) {
      this.depthReading = { at: now, value: this.deps.jobs.depth().then((d) => d.visible) };
    }
    // The position is a nicety: a failing SQS call must not fail the read.
    return this.depthReading.value.catch(() => undefined);
  }

  /** Counts the video against the caller's quotas first; gives the slot back if creating fails. */
  async create(
    userId: string,
    input: CreateVideoInput,
  ): Promise<{ video: Video; upload: PresignedRequest | MultipartPlanView }> {
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

  private async createReserved(userId: string, ext: UploadExtension, input: CreateVideoInput) {
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
  ) {
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

  async uploadStatus(userId: string, videoId: string): Promise<MultipartPlanView> {
    return this.multipart.plan(await this.get(userId, videoId));
  }

  async signUploadParts(
    userId: string,
    videoId: string,
    parts: readonly PartChecksum[],
  ): Promise<SignedPartsView> {
    return this.multipart.signParts(await this.get(userId, videoId), parts);
  }

  async completeUpload(userId: string, videoId: string): Promise<void> {
    await this.multipart.complete(await this.get(userId, videoId));
  }

  async abortUpload(userId: string, videoId: string): Promise<void> {
    const video = await this.get(userId, videoId);
    // Aborting removes the record: its quota goes back first, while the record can say so once.
    if (video.multipartUpload) await releaseReservation(this.removal(), video);
    await this.multipart.abort(video);
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

  list(userId: string, opts: { limit: number; cursor?: string }) {
    return this.deps.videos.listByUser(userId, opts);
  }

  async get(userId: string, videoId: string): Promise<Video> {
    const video = await this.deps.videos.get(userId, videoId);
    if (!video) throw new NotFoundError('video not found');
    return video;
  }

  async patch(
    userId: string,
    videoId: string,
    changes: { title?: string; description?: string },
  ): Promise<Video> {
    const result = await this.deps.videos.update(userId, videoId, (v) => ({
      ...v,
      ...definedOnly(changes),
      updatedAt: this.now(),
    }));
    if (!result) throw new NotFoundError('video not found');
    return result.video;
  }

  /** Removes every object of the video first, then the record, so a failure can simply be retried. */
  async delete(userId: string, videoId: string): Promise<void> {
    const video = await this.get(userId, videoId);
    await removeVideo(this.removal(), video);
  }

  private removal() {
    const { videos, objects, quotas } = this.deps;
    return { videos, objects, usage: quotas, now: () => this.now() };
  }

  /** Queues one more rendition. Asking again for one that is queued, running or done changes nothing. */
  async requestRendition(
    userId: string,
    videoId: string,
    target: JobTarget,
  ): Promise<{ rendition: Rendition; queued: boolean }> {
    const video = await this.get(userId, videoId);
    if (video.status === 'PENDING_UPLOAD')
      throw new ConflictError('the source is not uploaded yet');
    if (needsQueueing(video, target)) await this.deps.quotas.checkTranscodeAllowance(userId);
    const result = await this.deps.videos.update(userId, videoId, (v) =>
      queueRendition(v, target, this.now(), this.deps.limits.maxRenditionRequeues),
    );
    if (!result) throw new NotFoundError('video not found');
    const rendition = result.video.renditions[target] as Rendition;
    if (!result.changed) return { rendition, queued: false };
    await this.enqueueOrMarkFailed(result.video, target);
    return { rendition, queued: true };
  }

  async playback(userId: string, videoId: string, target: JobTarget): Promise<PresignedRequest> {
    const video = await this.get(userId, videoId);
    const rendition = video.renditions[target];
    if (rendition?.status !== 'READY' || !rendition.key) {
      throw new ConflictError(`${target} is not ready (${rendition?.status ?? 'not requested'})`);
    }
    const key = target === 'hls' ? hlsMasterKey(userId, videoId) : rendition.key;
    return this.deps.objects.presignGet(key, {
      expiresInSec: this.deps.limits.playbackUrlTtlSeconds,
    });
  }

  private async enqueueOrMarkFailed(video: Video, target: JobTarget): Promise<void> {
    const job = newJobMessage({
      jobId: randomUUID(),
      video,
      target,
      bucket: this.deps.objects.bucket,
      now: this.now(),
    });
    try {
      await this.deps.jobs.send(job);
    } catch (error) {
      // Never leave a rendition QUEUED without a job: mark it FAILED so it can be asked for again.
      await this.deps.videos.update(video.userId, video.videoId, (v) =>
        failRendition(v, target, ENQUEUE_FAILED, this.now()),
      );
      throw error;
    }
  }

  private checkUpload(input: CreateVideoInput) {
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

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
