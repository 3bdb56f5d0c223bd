import type { JobRef, StartedRecord } from './worker-records.ts';

export interface RenditionState {
  status: string;
  updatedAt: string;
}

export interface VideoState {
  videoId: string;
  status: string;
  renditions: Record<string, RenditionState | undefined>;
}

export interface UploadRecord {
  videoId?: string;
  /** When its PUT to S3 succeeded. */
  uploadedAt?: number;
  error?: string;
}

export interface KillRecord {
  at: number;
  worker: string;
  pid: number;
  /** What the worker was running, by its own log lines. */
  jobs: JobRef[];
}

export interface RunFacts {
  uploads: UploadRecord[];
  /** The last state seen of each video. */
  videos: ReadonlyMap<string, VideoState>;
  kills: KillRecord[];
  doneTwice: JobRef[];
  attempts: readonly StartedRecord[];
  /** Jobs in the dead-letter queue at the end (undefined: could not be read). */
  deadLettered: JobRef[] | undefined;
  wallSeconds: number;
}

export interface ChaosRow {
  measure: string;
  result: string;
  goal: string;
}

export interface ChaosSummary {
  rows: ChaosRow[];
  goalsMet: boolean;
}

const TERMINAL = new Set(['READY', 'FAILED', 'SKIPPED']);

/**
 * Nothing more will happen to it: every rendition READY, FAILED or SKIPPED (a video is READY as soon
 * as one rendition is, while others may still run).
 */
export function isSettled(video: VideoState | undefined): boolean {
  const renditions = Object.values(video?.renditions ?? {});
  return renditions.length > 0 && renditions.every((r) => TERMINAL.has(r?.status ?? ''));
}

const hasFailed = (video: VideoState | undefined) =>
  Object.values(video?.renditions ?? {}).some((r) => r?.status === 'FAILED');

export function summarise(facts: RunFacts): ChaosSummary {
  const uploaded = facts.uploads.filter((u) => u.videoId && u.uploadedAt !== undefined);
  const states = uploaded.map((u) => ({ upload: u, video: facts.videos.get(u.videoId ?? '') }));
  const settled = states.filter((s) => isSettled(s.video));
  const ready = settled.filter((s) => !hasFailed(s.video));
  const failed = settled.filter((s) => hasFailed(s.video));
  const lost = states.filter((s) => !isSettled(s.video));
  const stuck = lost.filter((s) =>
    Object.values(s.video?.renditions ?? {}).some((r) => r?.status === 'PROCESSING'),
  );
  const toReady = ready.map(
    (s) => (readyAt(s.video as VideoState) - (s.upload.uploadedAt as number)) / 1000,
  );
  // A worker killed while making the poster, after its rendition was READY, left nothing to redo.
  const killedJobs = facts.kills.flatMap((kill) => kill.jobs.map((job) => ({ kill, job })));
  const cut = killedJobs.filter(({ kill, job }) => !readyBefore(kill, job, facts.videos));
  const recoveries = cut.map(({ kill, job }) => recoveryAfter(kill, job, facts.videos));
  const retakes = cut.map(({ kill, job }) => retakenAfter(kill, job, facts.attempts));
  const midJob = facts.kills.filter((k) => k.jobs.length > 0).length;
  const afterReady = killedJobs.length - cut.length;
  const lostDetail =
    lost.length > 0 ? ` (renditions: ${countBy(lost.flatMap((s) => unsettled(s.video)))})` : '';

  const rows: ChaosRow[] = [
    { measure: 'uploads', result: String(facts.uploads.length), goal: '' },
    {
      measure: 'uploads the client could not complete',
      result: String(facts.uploads.length - uploaded.length),
      goal: '0',
    },
    { measure: 'READY (every rendition)', result: String(ready.length), goal: '' },
    { measure: 'FAILED (a rendition failed for good)', result: String(failed.length), goal: '' },
    { measure: 'lost (never settled)', result: `${lost.length}${lostDetail}`, goal: '0' },
    { measure: 'stuck in PROCESSING', result: String(stuck.length), goal: '0' },
    { measure: 'done twice', result: String(facts.doneTwice.length), goal: '0' },
    {
      measure: 'upload -> every rendition READY, p95 / max',
      result: `${seconds(percentile(toReady, 95))} / ${seconds(Math.max(...toReady))}`,
      goal: '',
    },
    {
      measure: 'max time from a kill to its job running again',
      result: worstOf(retakes, 'never again'),
      goal: '',
    },
    {
      measure: 'max recovery after a kill (kill -> that rendition READY)',
      result: worstOf(recoveries, 'never READY'),
      goal: '',
    },
    {
      measure: 'workers SIGKILLed',
      result: `${facts.kills.length} (${midJob} mid-job${afterReady > 0 ? `, ${afterReady} of them after the rendition was READY` : ''})`,
      goal: '',
    },
    { measure: 'transcode attempts started', result: String(facts.attempts.length), goal: '' },
    {
      measure: 'jobs dead-lettered (DLQ at the end)',
      result:
        facts.deadLettered === undefined
          ? 'unknown'
          : `${facts.deadLettered.length}${facts.deadLettered.length > 0 ? ` (${facts.deadLettered.map((j) => j.quality).join(', ')})` : ''}`,
      goal: '',
    },
    { measure: 'wall time', result: seconds(facts.wallSeconds), goal: '' },
  ];
  return {
    rows,
    goalsMet: lost.length === 0 && stuck.length === 0 && facts.doneTwice.length === 0,
  };
}

/** When the last of its renditions became READY (a skipped rung has nothing to wait for). */
function readyAt(video: VideoState): number {
  const ready = Object.values(video.renditions).filter((r) => r?.status === 'READY');
  return Math.max(...ready.map((r) => Date.parse(r?.updatedAt ?? '')));
}

/** The largest of the killed jobs' times, and how many never got there. */
function worstOf(times: ReadonlyArray<number | undefined>, never: string): string {
  if (times.length === 0) return 'no kill cut a job short';
  const known = times.filter((t): t is number => t !== undefined);
  const missing = times.length - known.length;
  const worst = known.length > 0 ? seconds(Math.max(...known)) : '-';
  return `${worst} (${times.length} killed jobs${missing > 0 ? `, ${missing} ${never}` : ''})`;
}

/** Seconds from the kill to the next attempt of the same rendition, by any worker. */
function retakenAfter(
  kill: KillRecord,
  job: JobRef,
  attempts: readonly StartedRecord[],
): number | undefined {
  const next = attempts.find(
    (a) => a.at >= kill.at && a.videoId === job.videoId && a.quality === job.quality,
  );
  return next && (next.at - kill.at) / 1000;
}

/** `720p PROCESSING`, … for each rendition that is not settled. */
function unsettled(video: VideoState | undefined): string[] {
  if (!video) return ['unseen'];
  return Object.entries(video.renditions)
    .filter(([, r]) => !TERMINAL.has(r?.status ?? ''))
    .map(([quality, r]) => `${quality} ${r?.status ?? 'unknown'}`);
}

function readyBefore(
  kill: KillRecord,
  job: JobRef,
  videos: ReadonlyMap<string, VideoState>,
): boolean {
  const rendition = videos.get(job.videoId)?.renditions[job.quality];
  return rendition?.status === 'READY' && Date.parse(rendition.updatedAt) <= kill.at;
}

function recoveryAfter(
  kill: KillRecord,
  job: JobRef,
  videos: ReadonlyMap<string, VideoState>,
): number | undefined {
  const rendition = videos.get(job.videoId)?.renditions[job.quality];
  if (rendition?.status !== 'READY') return undefined;
  return Math.max(0, Date.parse(rendition.updatedAt) - kill.at) / 1000;
}

/** Nearest-rank percentile. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}

function seconds(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(1)} s` : '-';
}

function countBy(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].map(([value, n]) => `${n} ${value}`).join(', ');
}

export function printSummary(title: string, summary: ChaosSummary): void {
  console.log(`\n${title}\n`);
  console.log('| measure | result | goal |');
  console.log('|---|---|---|');
  for (const row of summary.rows) console.log(`| ${row.measure} | ${row.result} | ${row.goal} |`);
  console.log(
    `\n${summary.goalsMet ? 'goals met: 0 lost, 0 stuck, 0 done twice' : 'GOALS MISSED'}`,
  );
}
