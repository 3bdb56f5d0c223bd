/**
 * (e) Burst throughput: many uploads of one clip queued at once, two workers, each upload asking for
 * one 720p rendition. Its wall time (first upload started -> last job finished, poster included)
 * against the very same ffmpeg commands (720p + poster per upload) run back to back on local
 * files. Efficiency = back-to-back seconds / burst wall seconds: 1.0 means the platform adds
 * nothing to the compute a burst needs; above 1.0, two workers overlap each other's idle moments.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pipeline } from '@videoforge/local/pipeline';
import { ApiClient, pollUntil, uploadFile } from '@videoforge/testkit';
import { buildPosterOptions, describeCommand, probeMedia } from '@videoforge/ffmpeg';
import { buildMp4OutputOptions } from '@videoforge/transcoder/renditions';
import type { FinishedJob } from './log-collector.ts';
import { timeFfmpeg } from './run-ffmpeg.ts';
import { percentile, seconds, type BenchRow } from './stats.ts';

/** The listing's largest page. */
const MAX_LISTED = 100;

interface BurstUpload {
  videoId: string;
  uploadedAt: number;
  readyAt?: number;
}

export async function benchBurstThroughput(
  pipeline: Pipeline,
  finished: FinishedJob[],
  source: string,
  work: string,
  uploads: number,
  preset: string,
): Promise<BenchRow[]> {
  const backToBack = await timeBackToBack(source, work, uploads, preset);
  if (!pipeline.transcoder) throw new Error('the burst bench needs the pipeline worker');
  const second = await pipeline.startWorker();
  try {
    const burst = await runBurst(pipeline, finished, source, uploads);
    const waits = burst.uploads.map((u) => ((u.readyAt as number) - u.uploadedAt) / 1000);
    return [
      {
        measure: `(e) burst: ${uploads} uploads of one clip at once, 2 workers: efficiency vs the same ffmpeg commands back to back`,
        result: (backToBack / burst.wallSeconds).toFixed(2),
        goal: '>= 0.90',
        detail: `burst ${seconds(burst.wallSeconds)} (all READY after ${seconds(burst.allReadySeconds)}), back to back ${seconds(backToBack)}`,
      },
      {
        measure: `(e) burst: upload finished -> READY, ${uploads} uploads`,
        result: `p50 ${seconds(percentile(waits, 50))}, p95 ${seconds(percentile(waits, 95))}`,
        goal: '',
        detail: `max ${seconds(Math.max(...waits))}; a queue of ${uploads} drained by 2 workers`,
      },
    ];
  } finally {
    await second.stop(0);
  }
}

/** The commands a worker runs for one 720p upload (the rendition, then the poster), n times. */
async function timeBackToBack(
  source: string,
  work: string,
  uploads: number,
  preset: string,
): Promise<number> {
  const info = await probeMedia(source);
  const rendition = describeCommand(
    source,
    join(work, 'burst-720p.mp4'),
    buildMp4OutputOptions('720p', { preset }),
  );
  const poster = buildPosterOptions(info);
  const posterArgs = [
    '-hide_banner',
    '-y',
    ...poster.inputOptions,
    '-i',
    source,
    ...poster.outputOptions,
    join(work, 'burst-poster.jpg'),
  ];
  let total = 0;
  for (let i = 0; i < uploads; i++)
    total += (await timeFfmpeg(rendition)) + (await timeFfmpeg(posterArgs));
  return total;
}

async function runBurst(
  pipeline: Pipeline,
  finished: FinishedJob[],
  source: string,
  count: number,
): Promise<{ wallSeconds: number; allReadySeconds: number; uploads: BurstUpload[] }> {
  if (count > MAX_LISTED)
    throw new Error(`the burst reads one page of the listing: at most ${MAX_LISTED} uploads`);
  const { size } = await stat(source);
  const client = new ApiClient(pipeline.api.url);
  await client.signUpAndLogin(`burst-${Date.now()}@example.com`, 'Bench-Passw0rd!');
  const seen = finished.length;
  const started = performance.now();
  const startedEpochMs = Date.now();
  const uploads: BurstUpload[] = [];
  for (let i = 0; i < count; i++) {
    const created = await client.expect<{
      video: { videoId: string };
      upload: { url: string; method: string; headers: Record<string, string> };
    }>(201, 'POST', '/api/videos', {
      title: `burst ${i}`,
      filename: 'burst.mp4',
      contentType: 'video/mp4',
      sizeBytes: size,
      renditions: ['720p'],
    });
    await uploadFile(created.upload, source);
    uploads.push({ videoId: created.video.videoId, uploadedAt: performance.now() });
  }
  // As the web app's library does: one listing a second, not a request per video.
  await pollUntil(
    async () => {
      const { items } = await client.expect<{ items: { videoId: string; status: string }[] }>(
        200,
        'GET',
        `/api/videos?limit=${MAX_LISTED}`,
      );
      const statusOf = new Map(items.map((v) => [v.videoId, v.status]));
      for (const upload of uploads.filter((u) => u.readyAt === undefined)) {
        const status = statusOf.get(upload.videoId);
        if (status === 'FAILED') throw new Error(`burst video ${upload.videoId} FAILED`);
        if (status === 'READY') upload.readyAt = performance.now();
      }
      return uploads.every((u) => u.readyAt !== undefined);
    },
    (done) => done,
    { timeoutMs: 30 * 60_000, intervalMs: 1000 },
  );
  const allReadySeconds = (performance.now() - started) / 1000;
  await pollUntil(
    async () => finished.slice(seen).filter((f) => f.outcome.kind === 'done').length,
    (n) => n >= count,
    { timeoutMs: 120_000, intervalMs: 50 },
  );
  const lastFinishedEpochMs = Math.max(...finished.slice(seen).map((f) => f.at));
  const wallSeconds = (lastFinishedEpochMs - startedEpochMs) / 1000;
  return { wallSeconds, allReadySeconds, uploads };
}
