import { JOB_TARGETS } from '@videoforge/core';
import { Counter, Gauge, Histogram, type Registry } from '@videoforge/platform';
import type { OutcomeKind } from './outcome.ts';

const OUTCOMES = ['success', 'failure', 'skipped'] as const;

/** SPEC metric names; `outcome` keeps to success|failure|skipped (retries are failures of one attempt). */
export function createTranscodeMetrics(registry: Registry) {
  const jobs = new Counter({
    name: 'videoforge_transcode_jobs_total',
    help: 'Transcode jobs by target quality and outcome',
    labelNames: ['quality', 'outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'videoforge_transcode_duration_seconds',
    help: 'Wall time of successful transcode jobs, download to upload',
    labelNames: ['quality'],
    buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 3600],
    registers: [registry],
  });
  const speed = new Histogram({
    name: 'videoforge_transcode_speed_ratio',
    help: 'Media seconds transcoded per wall-clock second',
    labelNames: ['quality'],
    buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
    registers: [registry],
  });
  const timeToReady = new Histogram({
    name: 'videoforge_time_to_ready_seconds',
    help: 'From upload complete to the first READY rendition of a video, by that rendition',
    labelNames: ['quality'],
    buckets: [1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
    registers: [registry],
  });

  const stalls = new Counter({
    name: 'videoforge_transcode_stalls_total',
    help: 'ffmpeg runs killed because their progress stopped moving',
    registers: [registry],
  });
  const inProgress = new Gauge({
    name: 'videoforge_transcode_jobs_in_progress',
    help: 'Jobs this worker is running now',
    registers: [registry],
  });

  // Every known series starts at 0: Prometheus then sees a worker's first job as an increase
  // (a series born at 1 has no rate), and dashboards show 0 instead of "no data".
  for (const quality of JOB_TARGETS) {
    for (const outcome of OUTCOMES) jobs.inc({ quality, outcome }, 0);
    duration.zero({ quality });
    speed.zero({ quality });
    timeToReady.zero({ quality });
  }

  return {
    stall: () => stalls.inc(),
    started: () => inProgress.inc(),
    ended: () => inProgress.dec(),
    /** A video's first rendition became READY this long after its upload completed. */
    ready: (quality: string, seconds: number) => timeToReady.observe({ quality }, seconds),
    record(quality: string, kind: OutcomeKind, wallSeconds: number, mediaSeconds?: number): void {
      const outcome = kind === 'done' ? 'success' : kind === 'skipped' ? 'skipped' : 'failure';
      if (kind === 'returned') return;
      jobs.inc({ quality, outcome });
      if (kind === 'done') {
        duration.observe({ quality }, wallSeconds);
        if (mediaSeconds && wallSeconds > 0) speed.observe({ quality }, mediaSeconds / wallSeconds);
      }
    },
  };
}

export type TranscodeMetrics = ReturnType<typeof createTranscodeMetrics>;
