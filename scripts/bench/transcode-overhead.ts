/**
 * (a) Pipeline overhead: one 720p rendition of a 1080p clip through the whole platform (API -> S3
 * -> Lambda -> SQS -> worker: open the source stream, probe, poster, ffmpeg, multipart upload, status writes)
 * against the very same ffmpeg command on a local file. Interleaved runs, medians.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Pipeline } from '@videoforge/local/pipeline';
import { ApiClient, pollUntil, uploadFile } from '@videoforge/testkit';
import { describeCommand, probeMedia } from '@videoforge/ffmpeg';
import { buildMp4OutputOptions } from '@videoforge/transcoder/renditions';
import type { FinishedJob } from './log-collector.ts';
import { timeFfmpeg } from './run-ffmpeg.ts';
import { median, seconds, type BenchRow } from './stats.ts';

export async function benchTranscodeOverhead(
  pipeline: Pipeline,
  finished: FinishedJob[],
  source: string,
  work: string,
  runs: number,
  preset: string,
): Promise<BenchRow[]> {
  const { size } = await stat(source);
  const info = await probeMedia(source);
  const plainArgs = describeCommand(
    source,
    join(work, 'plain-720p.mp4'),
    buildMp4OutputOptions('720p', { preset }),
  );
  const client = new ApiClient(pipeline.api.url);
  await client.signUpAndLogin(`bench-${Date.now()}@example.com`, 'Bench-Passw0rd!');

  const plain: number[] = [];
  const job: number[] = [];
  const endToEnd: number[] = [];
  const phases: Record<string, number>[] = [];
  for (let run = 0; run < runs; run++) {
    plain.push(await timeFfmpeg(plainArgs));
    const created = await client.expect<{
      video: { videoId: string };
      upload: { url: string; method: string; headers: Record<string, string> };
    }>(201, 'POST', '/api/videos', {
      title: `bench ${run}`,
      filename: 'bench.mp4',
      contentType: 'video/mp4',
      sizeBytes: size,
      renditions: ['720p'],
    });
    const seen = finished.length;
    await uploadFile(created.upload, source);
    const uploadedAt = performance.now();
    // A user polls about once a second; polling harder only steals CPU from ffmpeg.
    await pollUntil(
      () => client.expect<{ status: string }>(200, 'GET', `/api/videos/${created.video.videoId}`),
      (v) => v.status === 'READY' || v.status === 'FAILED',
      { timeoutMs: 600_000, intervalMs: 250 },
    );
    endToEnd.push((performance.now() - uploadedAt) / 1000);
    const done = await pollUntil(
      async () => finished.slice(seen).find((f) => f.outcome.kind === 'done'),
      (f) => f !== undefined,
      { timeoutMs: 5000, intervalMs: 10 },
    );
    // To READY: the poster is made after the READY write and is reported as its own phase.
    job.push(
      (done as FinishedJob).wallSeconds - ((done as FinishedJob).outcome.phases?.poster ?? 0),
    );
    phases.push((done as FinishedJob).outcome.phases ?? {});
  }
  const phase = (name: string) => median(phases.map((p) => p[name] ?? NaN)).toFixed(2);
  return [
    {
      measure: `(a) one 720p rendition of a ${info.durationSec.toFixed(0)} s 1080p clip (${(size / 1e6).toFixed(1)} MB): worker job vs plain ffmpeg`,
      result: `${(median(job) / median(plain)).toFixed(3)}x`,
      goal: '<= 1.10x',
      detail: `job to READY ${seconds(median(job))}, plain ffmpeg ${seconds(median(plain))}; phases open ${phase('open')} / probe ${phase('probe')} / transcode+upload ${phase('transcode')} s, then poster ${phase('poster')} s`,
    },
    {
      measure: '(a) upload finished -> 720p READY, seen by the client',
      result: seconds(median(endToEnd)),
      goal: '',
      detail: `runs: ${endToEnd.map((v) => v.toFixed(2)).join(', ')} s`,
    },
  ];
}
