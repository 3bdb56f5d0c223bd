import {
  failRendition,
  lastSignOfLifeMs,
  newJobMessage,
  parseJobMessage,
  uploadJobId,
  type Failure,
  type HeldMessage,
  type JobMessage,
  type JobQueue,
  type JobTarget,
  type QueueAdmin,
  type Rendition,
  type Video,
  type VideoCatalog,
  type VideoRepository,
} from '@videoforge/core';

export interface ReconcileDeps {
  catalog: VideoCatalog;
  videos: VideoRepository;
  jobs: JobQueue;
  dlq: QueueAdmin;
  bucket: string;
  now: () => Date;
  /** A QUEUED or PROCESSING rendition silent this long has lost its job (or waits in a backlog). */
  staleAfterMs: number;
}

export interface ReconcileCounts {
  [key: string]: number;
  deadLettered: number;
  requeued: number;
  examined: number;
}

/** Dead letters are peeked in pages of 10 (an SQS receive) and hidden while the pass reads them. */
const DLQ_HOLD_SECONDS = 60;
const MAX_DLQ_MESSAGES = 1_000;
const PAGE = 100;
/** In a backlog a silent QUEUED rendition may just be waiting; past this many thresholds, it is not. */
const BACKLOG_PATIENCE = 4;
/** Longer than a worker's lease (30 s): a dead-lettered job's worker has surely stopped. */
const DEAD_LETTER_SILENCE_MS = 60_000;

export const LOST_ON_EVERY_ATTEMPT: Failure = {
  code: 'INTERNAL',
  message:
    'the job stopped without a result on every attempt (its worker was lost each time); an operator can send it again',
};

/**
 * Heals work nothing is doing any more:
 * - a dead-lettered job whose rendition is still QUEUED or PROCESSING (its worker was killed on
 *   every attempt, so nobody recorded a verdict): the rendition becomes FAILED, and the dead letter
 *   stays for an operator's redrive;
 * - a rendition QUEUED or PROCESSING whose job is neither running (silent past the threshold) nor
 *   dead-lettered: its job is sent again under the same job id, so if the first message still
 *   turns up, workers run the job once.
 */
export async function reconcileStuckWork(deps: ReconcileDeps): Promise<ReconcileCounts> {
  const counts: ReconcileCounts = { deadLettered: 0, requeued: 0, examined: 0 };
  const deadLetters = await readDeadLetters(deps.dlq);
  const deadJobIds = new Set(deadLetters.map((job) => job.jobId));
  for (const job of deadLetters) {
    const result = await deps.videos.update(job.userId, job.videoId, (video) =>
      isAbandonedBy(video.renditions[job.quality], job, deps)
        ? failRendition(video, job.quality, LOST_ON_EVERY_ATTEMPT, deps.now().toISOString())
        : undefined,
    );
    if (result?.changed) counts.deadLettered++;
  }

  const { visible } = await deps.jobs.depth();
  for (const status of ['UPLOADED', 'PROCESSING'] as const) {
    for await (const video of allWithStatus(deps.catalog, status)) {
      counts.examined++;
      for (const target of staleTargets(video, deps, visible)) {
        if (deadJobIds.has(video.renditions[target]?.claim?.jobId ?? '')) continue;
        if (await requeue(deps, video, target)) counts.requeued++;
      }
    }
  }
  return counts;
}

function isStuck(rendition: Rendition | undefined): boolean {
  return rendition?.status === 'QUEUED' || rendition?.status === 'PROCESSING';
}

/**
 * The dead-lettered job is the one the rendition last ran (a later request has its own job id)
 * and no worker has shown life since its lease ran out.
 */
function isAbandonedBy(
  rendition: Rendition | undefined,
  job: JobMessage,
  deps: ReconcileDeps,
): boolean {
  if (rendition?.status !== 'PROCESSING' || rendition.claim?.jobId !== job.jobId) return false;
  const silentMs = deps.now().getTime() - lastSignOfLifeMs(rendition);
  return silentMs > Math.min(deps.staleAfterMs, DEAD_LETTER_SILENCE_MS);
}

function staleTargets(video: Video, deps: ReconcileDeps, queuedVisible: number): JobTarget[] {
  const nowMs = deps.now().getTime();
  const patience = queuedVisible > 0 ? deps.staleAfterMs * BACKLOG_PATIENCE : deps.staleAfterMs;
  return (Object.entries(video.renditions) as [JobTarget, Rendition][])
    .filter(([, r]) => isStuck(r) && nowMs - lastSignOfLifeMs(r) > patience)
    .map(([target]) => target);
}

/**
 * Touches the rendition first (so the next pass waits a whole threshold again), then sends the
 * job: a crash in between leaves it to the next pass but one, never sends it twice in one.
 */
async function requeue(deps: ReconcileDeps, video: Video, target: JobTarget): Promise<boolean> {
  const now = deps.now();
  const touched = await deps.videos.update(video.userId, video.videoId, (current) => {
    const rendition = current.renditions[target];
    if (!isStuck(rendition) || !rendition) return undefined;
    if (now.getTime() - lastSignOfLifeMs(rendition) <= deps.staleAfterMs) return undefined;
    return {
      ...current,
      renditions: {
        ...current.renditions,
        [target]: { ...rendition, updatedAt: now.toISOString() },
      },
      updatedAt: now.toISOString(),
    };
  });
  if (!touched?.changed) return false;
  const rendition = video.renditions[target];
  const job: JobMessage = newJobMessage({
    jobId: rendition?.claim?.jobId ?? uploadJobId(video, target),
    video,
    target,
    bucket: deps.bucket,
    now: now.toISOString(),
  });
  await deps.jobs.send(job);
  return true;
}

async function readDeadLetters(dlq: QueueAdmin): Promise<JobMessage[]> {
  const held: HeldMessage[] = [];
  try {
    while (held.length < MAX_DLQ_MESSAGES) {
      const batch = await dlq.hold({ max: 10, holdSeconds: DLQ_HOLD_SECONDS });
      held.push(...batch);
      // A short page is the end: no extra long poll while the others stay hidden from operators.
      if (batch.length < 10) break;
    }
  } finally {
    await dlq.release(held);
  }
  return held.flatMap((message) => {
    const parsed = parseJobMessage(message.body);
    return parsed.ok ? [parsed.job] : [];
  });
}

async function* allWithStatus(catalog: VideoCatalog, status: 'UPLOADED' | 'PROCESSING') {
  let cursor: string | undefined;
  do {
    const page = await catalog.listByStatus(status, { limit: PAGE, cursor });
    yield* page.items;
    cursor = page.nextCursor;
  } while (cursor);
}
