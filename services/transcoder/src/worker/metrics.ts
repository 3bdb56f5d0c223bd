import { Counter, Gauge, Histogram, type Registry } from '@videoforge/platform';
import type { OutcomeKind } from './outcome.ts';

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
    buckets: [0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
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

  return {
    stall: () => stalls.inc(),
    started: () => inProgress.inc(),
    ended: () => inProgress.dec(),
    record(quality: string, kind: OutcomeKind, wallSeconds: number, mediaSeconds?: number): void {
      const outcome = kind === 'done' ? 'success' : kind === 'skipped' ? 'skipped' : 'failure';
      if (kind === 'returned') return;
      jobs.inc({ quality, outcome });
      if (kind === 'done') {
        duration.observe({ quality }, wallSeconds);
        if (mediaSeconds && wallSeconds > 0) speed.observe(mediaSeconds / wallSeconds);
      }
    },
  };
}

export type TranscodeMetrics = ReturnType<typeof createTranscodeMetrics>;
