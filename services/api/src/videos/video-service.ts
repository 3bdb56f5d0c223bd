import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  NotFoundError,
  removeVideo,
  failRendition,
  hlsMasterKey,
  newJobMessage,
  needsQueueing,
  queueRendition,
  type Failure,
  type JobQueue,
  type JobTarget,
  type ObjectStore,
  type PartChecksum,
  type PresignedRequest,
  type Rendition,
  type Video,
  type VideoRepository,
} from '@videoforge/core';
import type { MultipartPlanView, SignedPartsView } from './multipart-uploads.ts';
import type { QuotaGuard } from './quota-guard.ts';
import type { CreateVideoInput } from './schemas.ts';
import { VideoUploads, type CreatedUpload, type VideoUploadsDeps } from './video-uploads.ts';
import { hasQueuedRendition, toVideoView, type VideoView } from './video-view.ts';

export interface VideoServiceDeps {
  videos: VideoRepository;
  objects: ObjectStore;
  jobs: JobQueue;
  quotas: QuotaGuard;
  limits: VideoUploadsDeps['limits'] & {
    playbackUrlTtlSeconds: number;
    /** Times a video's FAILED renditions may be asked for again, in all. */
    maxRenditionRequeues: number;
    /** A PROCESSING rendition silent for longer is shown as waiting for a retry. */
    renditionStaleSeconds: number;
  };
  clock?: () => Date;
  /** How long a queue depth reading is reused: position is approximate anyway, SQS calls are not free. */
  queueDepthCacheMs?: number;
}

/** Never leave a rendition QUEUED without a job: it becomes FAILED, so it can be asked for again. */
const ENQUEUE_FAILED: Failure = {
  code: 'INTERNAL',
  message: 'the job could not be queued; ask for the rendition again',
};

/**
 * The API's use cases for a user's own videos: reads, updates, renditions, playback and delete.
 * Every lookup is scoped to the caller's user id. Creating a video and uploading its source are
 * VideoUploads' (video-uploads.ts); the methods here only look the video up and hand it over.
 */
export class VideoService {
  private readonly deps: VideoServiceDeps;
  private readonly uploads: VideoUploads;
  private depthReading: { at: number; value: Promise<number> } | undefined;

  constructor(deps: VideoServiceDeps) {
    this.deps = deps;
    this.uploads = new VideoUploads(deps);
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

  create(userId: string, input: CreateVideoInput): Promise<CreatedUpload> {
    return this.uploads.create(userId, input);
  }

  async uploadStatus(userId: string, videoId: string): Promise<MultipartPlanView> {
    return this.uploads.status(await this.get(userId, videoId));
  }

  async signUploadParts(
    userId: string,
    videoId: string,
    parts: readonly PartChecksum[],
  ): Promise<SignedPartsView> {
    return this.uploads.signParts(await this.get(userId, videoId), parts);
  }

  async completeUpload(userId: string, videoId: string): Promise<void> {
    await this.uploads.complete(await this.get(userId, videoId));
  }

  async abortUpload(userId: string, videoId: string): Promise<void> {
    await this.uploads.abort(await this.get(userId, videoId));
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

  private now(): string {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
