import {
  DependencyError,
  VIDEO_STATUSES,
  storageBytesOf,
  type QueueAdmin,
  type QueueDepth,
  type Video,
  type VideoCatalog,
  type VideoStatus,
} from '@videoforge/core';

export interface JobCounts {
  /** Renditions that became READY in the window. */
  done: number;
  /** Renditions that became FAILED (for good) in the window. */
  failed: number;
}

export interface VideoSummary {
  videosByStatus: Record<VideoStatus, number>;
  totalVideos: number;
  storageBytes: number;
  jobs: { lastHour: JobCounts; lastDay: JobCounts };
}

export interface PlatformStats extends VideoSummary {
  queues: { jobs: QueueDepth; dlq: QueueDepth };
  generatedAt: string;
}

export interface StatsDeps {
  catalog: VideoCatalog;
  jobsQueue: QueueAdmin;
  dlq: QueueAdmin;
  clock?: () => Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Items per status-index page while counting. */
const PAGE = 500;

/**
 * Counts come from the status index, one page after another: cost grows with the number of videos,
 * which suits an operator's page. (Past a few hundred thousand videos, keep running counters instead.)
 */
export async function collectStats(deps: StatsDeps): Promise<PlatformStats> {
  const now = deps.clock?.() ?? new Date();
  const [summary, jobs, dlq] = await Promise.all([
    summarizeCatalog(deps.catalog, now),
    depthOf(deps.jobsQueue, 'jobs'),
    depthOf(deps.dlq, 'dead-letter'),
  ]);
  return { ...summary, queues: { jobs, dlq }, generatedAt: now.toISOString() };
}

async function summarizeCatalog(catalog: VideoCatalog, now: Date): Promise<VideoSummary> {
  const summary = emptySummary();
  for (const status of VIDEO_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await catalog.listByStatus(status, { limit: PAGE, cursor });
      for (const video of page.items) addVideo(summary, video, now);
      cursor = page.nextCursor;
    } while (cursor);
  }
  return summary;
}

async function depthOf(queue: QueueAdmin, name: string): Promise<QueueDepth> {
  try {
    return await queue.depth();
  } catch (error) {
    throw new DependencyError(`could not read the ${name} queue's depth`, error);
  }
}

export function emptySummary(): VideoSummary {
  return {
    videosByStatus: Object.fromEntries(VIDEO_STATUSES.map((s) => [s, 0])) as Record<
      VideoStatus,
      number
    >,
    totalVideos: 0,
    storageBytes: 0,
    jobs: { lastHour: { done: 0, failed: 0 }, lastDay: { done: 0, failed: 0 } },
  };
}

/** Adds one video to the summary. A rendition's updatedAt is when it reached its status. */
export function addVideo(summary: VideoSummary, video: Video, now: Date): void {
  summary.videosByStatus[video.status] = (summary.videosByStatus[video.status] ?? 0) + 1;
  summary.totalVideos++;
  summary.storageBytes += storageBytesOf(video);
  for (const rendition of Object.values(video.renditions)) {
    if (!rendition) continue;
    const outcome =
      rendition.status === 'READY' ? 'done' : rendition.status === 'FAILED' ? 'failed' : undefined;
    if (!outcome) continue;
    const age = now.getTime() - Date.parse(rendition.updatedAt);
    if (!(age >= 0 && age <= DAY_MS)) continue;
    summary.jobs.lastDay[outcome]++;
    if (age <= HOUR_MS) summary.jobs.lastHour[outcome]++;
  }
}
