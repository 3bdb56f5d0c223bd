import {
  uploadJobId,
  failRendition,
  markUploaded,
  newJobMessage,
  parseRawKey,
  type JobQueue,
  type JobTarget,
  type ObjectStore,
  type Video,
  type VideoRepository,
} from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import { decodeS3Key, isObjectCreated, type S3Event, type S3EventRecord } from './s3-event.ts';

export interface UploadProcessorDeps {
  videos: VideoRepository;
  /** Object stores by bucket name: the event names the bucket. */
  objectsFor: (bucket: string) => ObjectStore;
  jobs: JobQueue;
  maxUploadBytes: number;
  logger: Logger;
  clock?: () => Date;
}

export type RecordOutcome = 'enqueued' | 'ignored' | 'duplicate' | 'orphan-deleted' | 'rejected';

/**
 * Handles a batch of S3 ObjectCreated records. Records are independent: one failing does not stop
 * the others, and the batch then throws so the platform retries it (every step is idempotent).
 */
export function createUploadProcessor(deps: UploadProcessorDeps) {
  const now = () => (deps.clock?.() ?? new Date()).toISOString();

  async function processRecord(record: S3EventRecord): Promise<RecordOutcome> {
    const key = decodeS3Key(record.s3.object.key);
    const parts = isObjectCreated(record) ? parseRawKey(key) : undefined;
    const log = deps.logger.child({ key, videoId: parts?.videoId, userId: parts?.userId });
    if (!parts) {
      log.info({ eventName: record.eventName }, 'not an upload key: ignored');
      return 'ignored';
    }
    const objects = deps.objectsFor(record.s3.bucket.name);
    const info = await objects.head(key);
    if (!info) {
      log.warn('object is gone: ignored');
      return 'ignored';
    }
    const video = await deps.videos.get(parts.userId, parts.videoId);
    if (!video || video.sourceKey !== key) {
      // The record was deleted (or never made): do not keep bytes nobody owns.
      await objects.deleteKeys([key]);
      log.warn('upload has no video record: object deleted');
      return 'orphan-deleted';
    }
    if (info.sizeBytes > deps.maxUploadBytes) {
      await rejectUpload(
        video,
        info.sizeBytes,
        `the upload is ${info.sizeBytes} bytes, over the ${deps.maxUploadBytes} byte limit`,
      );
      await objects.deleteKeys([key]);
      log.warn({ sizeBytes: info.sizeBytes }, 'upload over the size limit: rejected');
      return 'rejected';
    }
    const result = await deps.videos.update(parts.userId, parts.videoId, (v) =>
      markUploaded(v, info.sizeBytes, now()),
    );
    if (!result) return 'orphan-deleted';
    // Jobs go out when this call moved the video, or when an earlier try moved it but died before
    // enqueueing (still UPLOADED, nothing started). Duplicate jobs are harmless: workers skip done work.
    if (!result.changed && result.video.status !== 'UPLOADED') {
      log.info({ status: result.video.status }, 'duplicate upload event: nothing to do');
      return 'duplicate';
    }
    const jobIds: Record<string, string> = {};
    for (const target of queuedTargets(result.video)) {
      const job = newJobMessage({
        jobId: uploadJobId(result.video, target),
        video: result.video,
        target,
        bucket: objects.bucket,
        now: now(),
      });
      await deps.jobs.send(job);
      jobIds[target] = job.jobId;
    }
    log.info({ sizeBytes: info.sizeBytes, jobIds }, 'video uploaded: jobs enqueued');
    return 'enqueued';
  }

  async function rejectUpload(video: Video, sizeBytes: number, reason: string): Promise<void> {
    await deps.videos.update(video.userId, video.videoId, (v) => {
      let next: Video | undefined = markUploaded(v, sizeBytes, now()) ?? v;
      for (const target of queuedTargets(next))
        next =
          failRendition(next, target, { code: 'LIMIT_EXCEEDED', message: reason }, now()) ?? next;
      return next;
    });
  }

  return async function processEvent(event: S3Event): Promise<RecordOutcome[]> {
    const settled = await Promise.allSettled((event.Records ?? []).map(processRecord));
    const failures = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failures.length > 0) {
      for (const f of failures) deps.logger.error({ err: f.reason }, 'upload record failed');
      throw new AggregateError(
        failures.map((f) => f.reason),
        `${failures.length} of ${settled.length} records failed`,
      );
    }
    return settled.map((s) => (s as PromiseFulfilledResult<RecordOutcome>).value);
  };
}

function queuedTargets(video: Video): JobTarget[] {
  return (Object.entries(video.renditions) as [JobTarget, { status: string }][])
    .filter(([, r]) => r.status === 'QUEUED')
    .map(([target]) => target);
}
