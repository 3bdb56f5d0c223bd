import {
  failRendition,
  parseJobMessage,
  requeueDeadLetter,
  type DirectoryUser,
  type Failure,
  type HeldMessage,
  type JobMessage,
  type JobQueue,
  type ObjectStore,
  type QueueAdmin,
  type UserDirectory,
  type VideoRepository,
  type VideoStatus,
} from '@videoforge/core';
import { mapConcurrently } from './concurrency.ts';

export interface DeadLetterDeps {
  dlq: QueueAdmin;
  jobs: JobQueue;
  videos: VideoRepository;
  users: UserDirectory;
  objects: ObjectStore;
  clock?: () => Date;
}

/** One dead-lettered job as an operator needs to judge it. */
export interface DeadLetterView {
  messageId: string;
  /** SQS's count: the receives on the jobs queue plus any while it sat in the DLQ. */
  receiveCount: number;
  sentAt?: string;
  /** The job, or null when the body is not a valid job message (then `problem` says why). */
  job: Pick<JobMessage, 'jobId' | 'videoId' | 'userId' | 'quality' | 'requestedAt'> | null;
  problem?: string;
  /** Why the worker gave up, as users see it (code and sentence). */
  failure?: Failure;
  /** The worker's own words (ffmpeg's stderr tail, signed URLs redacted): for operators only. */
  diagnostic?: string;
  video: {
    videoId: string;
    title: string;
    status: VideoStatus;
    renditionStatus?: string;
    attempts?: number;
  } | null;
  owner: { userId: string; email?: string; username?: string } | null;
  /** The uploaded source as S3 and the worker's ffprobe saw it (probe fields only when it could read it). */
  source: {
    key: string;
    /** Undefined when the bucket could not be asked. */
    exists?: boolean;
    sizeBytes?: number;
    contentType?: string;
    durationSec?: number;
    width?: number;
    height?: number;
  } | null;
}

export type RedriveSelection = { all: true } | { messageIds: string[] };

export interface RedriveResult {
  /** Back on the jobs queue, the rendition QUEUED again. */
  redriven: Array<{ messageId: string; videoId: string; quality: string }>;
  /** Removed from the DLQ without a new job: nothing left to do for them. */
  dropped: Array<{ messageId: string; reason: string }>;
  /** Left in the DLQ: they can never succeed as they are, or could not be moved now. */
  skipped: Array<{ messageId: string; reason: string }>;
  /** Asked-for ids that are not (or no longer) in the DLQ. */
  notFound: string[];
}

/** Messages are hidden from other readers while a listing or redrive looks at them. */
const LIST_HOLD_SECONDS = 30;
const REDRIVE_HOLD_SECONDS = 120;
/** One redrive request moves at most this many; the rest waits for the next request. */
export const MAX_REDRIVE = 500;
const LOOKUP_CONCURRENCY = 8;
const REDRIVE_FAILED: Failure = {
  code: 'INTERNAL',
  message: 'the job could not be sent again; an operator can retry the redrive',
};

/** The failed-job browser: read the DLQ without consuming it, and send jobs back for another go. */
export class DeadLetterService {
  private readonly deps: DeadLetterDeps;

  constructor(deps: DeadLetterDeps) {
    this.deps = deps;
  }

  async list(opts: {
    limit: number;
  }): Promise<{ items: DeadLetterView[]; approximateTotal: number }> {
    const { visible } = await this.deps.dlq.depth();
    const held = await this.collect(Math.min(opts.limit, visible), LIST_HOLD_SECONDS);
    try {
      const owners = new Map<string, Promise<DirectoryUser | undefined>>();
      const items = await mapConcurrently(held, LOOKUP_CONCURRENCY, (m) =>
        this.describe(m, owners),
      );
      return { items, approximateTotal: Math.max(visible, held.length) };
    } finally {
      await this.deps.dlq.release(held);
    }
  }

  async redrive(selection: RedriveSelection): Promise<RedriveResult> {
    const wanted = 'messageIds' in selection ? new Set(selection.messageIds) : undefined;
    // Selected ids: stop reading the DLQ once every one of them turned up.
    const foundAll = wanted
      ? (held: ReadonlyMap<string, HeldMessage>) => [...wanted].every((id) => held.has(id))
      : undefined;
    const held = await this.collect(MAX_REDRIVE, REDRIVE_HOLD_SECONDS, foundAll);
    const selected = wanted ? held.filter((m) => wanted.has(m.messageId)) : held;
    await this.deps.dlq.release(held.filter((m) => !selected.includes(m)));
    const result: RedriveResult = { redriven: [], dropped: [], skipped: [], notFound: [] };
    const pending = new Set(selected);
    try {
      for (const message of selected) {
        await this.redriveOne(message, result);
        pending.delete(message);
      }
    } finally {
      // Cut short (a dependency failed): what was not handled is visible again at once.
      if (pending.size > 0) await this.deps.dlq.release([...pending]).catch(() => undefined);
    }
    const seen = new Set(held.map((m) => m.messageId));
    result.notFound = [...(wanted ?? [])].filter((id) => !seen.has(id));
    return result;
  }

  /**
   * The video first goes back to QUEUED (a worker skips a job whose rendition is FAILED), then the
   * job is sent, then the dead letter deleted. A failure in between never loses the job: it stays
   * in the DLQ, and the rendition is FAILED again so nothing waits for a job that does not exist.
   */
  private async redriveOne(message: HeldMessage, result: RedriveResult): Promise<void> {
    const parsed = parseJobMessage(message.body);
    if (!parsed.ok) {
      await this.deps.dlq.release([message]);
      result.skipped.push({ messageId: message.messageId, reason: parsed.reason });
      return;
    }
    const job = parsed.job;
    const now = this.now();
    const updated = await this.deps.videos.update(job.userId, job.videoId, (v) =>
      requeueDeadLetter(v, job.quality, now),
    );
    if (!updated || !updated.changed) {
      await this.deps.dlq.delete(message);
      const reason = !updated
        ? 'the video was deleted'
        : `the ${job.quality} rendition is ${updated.video.renditions[job.quality]?.status ?? 'gone'}`;
      result.dropped.push({ messageId: message.messageId, reason });
      return;
    }
    try {
      await this.deps.jobs.send(job);
    } catch (error) {
      await this.deps.videos.update(job.userId, job.videoId, (v) =>
        failRendition(v, job.quality, REDRIVE_FAILED, this.now()),
      );
      await this.deps.dlq.release([message]);
      const reason = error instanceof Error ? error.message : String(error);
      result.skipped.push({ messageId: message.messageId, reason: `could not enqueue: ${reason}` });
      return;
    }
    await this.deps.dlq.delete(message);
    result.redriven.push({
      messageId: message.messageId,
      videoId: job.videoId,
      quality: job.quality,
    });
  }

  private async describe(
    message: HeldMessage,
    owners: Map<string, Promise<DirectoryUser | undefined>>,
  ): Promise<DeadLetterView> {
    const base = {
      messageId: message.messageId,
      receiveCount: message.receiveCount,
      sentAt: message.sentAt,
    };
    const parsed = parseJobMessage(message.body);
    if (!parsed.ok) {
      return { ...base, job: null, problem: parsed.reason, video: null, owner: null, source: null };
    }
    const job = parsed.job;
    let owner = owners.get(job.userId);
    if (!owner) {
      // The listing still helps without an email: a directory failure leaves just the id.
      owner = this.deps.users.find(job.userId).catch(() => undefined);
      owners.set(job.userId, owner);
    }
    const [video, user, object] = await Promise.all([
      this.deps.videos.get(job.userId, job.videoId),
      owner,
      this.deps.objects.head(job.key).then(
        (info) => ({ exists: info !== undefined, info }),
        () => ({ exists: undefined, info: undefined }),
      ),
    ]);
    const rendition = video?.renditions[job.quality];
    return {
      ...base,
      job: {
        jobId: job.jobId,
        videoId: job.videoId,
        userId: job.userId,
        quality: job.quality,
        requestedAt: job.requestedAt,
      },
      failure: rendition?.error ?? video?.failure,
      diagnostic: rendition?.diagnostic,
      video: video
        ? {
            videoId: video.videoId,
            title: video.title,
            status: video.status,
            renditionStatus: rendition?.status,
            attempts: rendition?.attempts,
          }
        : null,
      owner: { userId: job.userId, email: user?.email, username: user?.username },
      source: {
        key: job.key,
        exists: object.exists,
        sizeBytes: object.info?.sizeBytes,
        contentType: object.info?.contentType,
        durationSec: video?.durationSec,
        width: video?.width,
        height: video?.height,
      },
    };
  }

  /** Receives up to `limit` distinct messages, holding each, until a receive brings nothing new. */
  private async collect(
    limit: number,
    holdSeconds: number,
    enough?: (held: ReadonlyMap<string, HeldMessage>) => boolean,
  ): Promise<HeldMessage[]> {
    const held = new Map<string, HeldMessage>();
    while (held.size < limit && !enough?.(held)) {
      const batch = await this.deps.dlq.hold({ max: limit - held.size, holdSeconds });
      const fresh = batch.filter((m) => !held.has(m.messageId));
      // A message handed out twice (SQS delivers at least once): keep the newest receipt handle.
      for (const m of batch) held.set(m.messageId, m);
      if (fresh.length === 0) break;
    }
    return [...held.values()];
  }

  private now(): string {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }
}
