import { recordProgress, type JobTarget, type VideoRepository } from '@videoforge/core';
import type { TranscodeProgress } from './media.ts';

export interface ProgressWriterOptions {
  /** At most one write per interval, whatever ffmpeg's rate: progress is for people, not a log. */
  minIntervalMs: number;
  clock?: () => number;
  onError: (error: unknown) => void;
}

/** Turns ffmpeg progress samples into bounded-rate progress and ETA writes on the rendition. */
export function createProgressWriter(
  videos: VideoRepository,
  ids: { userId: string; videoId: string; target: JobTarget },
  options: ProgressWriterOptions,
) {
  const clock = options.clock ?? Date.now;
  const startedAt = clock();
  let lastWriteAt = -Infinity;
  let writing: Promise<void> = Promise.resolve();

  return {
    sample(progress: TranscodeProgress): void {
      const now = clock();
      if (progress.percent === undefined || now - lastWriteAt < options.minIntervalMs) return;
      lastWriteAt = now;
      const etaSeconds = estimateEtaSeconds(progress.percent, (now - startedAt) / 1000);
      const percent = progress.percent;
      // Writes are chained so they land in order, and never block ffmpeg.
      writing = writing
        .then(async () => {
          await videos.update(ids.userId, ids.videoId, (v) =>
            recordProgress(v, ids.target, { percent, etaSeconds }, new Date(now).toISOString()),
          );
        })
        .catch(options.onError);
    },
    /** Waits for the writes already started, so a later READY write cannot be overtaken. */
    flush: () => writing,
  };
}

/** Seconds left at the pace so far; undefined until there is a pace to go by. */
export function estimateEtaSeconds(percent: number, elapsedSeconds: number): number | undefined {
  if (percent >= 100) return 0;
  // The first percent or two is mostly start-up: an estimate from it would be noise.
  if (percent < 2 || elapsedSeconds <= 0) return undefined;
  return Math.round((elapsedSeconds * (100 - percent)) / percent);
}
