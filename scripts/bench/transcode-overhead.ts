/**
 * Pipeline overhead: one 720p rendition of a 1080p clip (BENCH_CLIP_SECONDS, default 10) through the whole platform
 * (API -> S3 -> Lambda -> SQS -> worker: download, probe, ffmpeg, multipart upload, status writes)
 * against the very same ffmpeg command on a local file. Medians of RUNS runs each, interleaved.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startPipeline } from '@videoforge/local/pipeline';
import { createLogger } from '@videoforge/platform';
import { ApiClient, makeTestClip, pollUntil, requireBinary, uploadFile } from '@videoforge/testkit';
import {
  buildMp4OutputOptions,
  describeCommand,
  probeMedia,
} from '../../services/transcoder/src/ffmpeg/index.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PRESET = 'veryfast';
const CLIP_SECONDS = Number(process.env.BENCH_CLIP_SECONDS ?? 10);

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function runPlainFfmpeg(args: string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(requireBinary('ffmpeg'), ['-nostdin', ...args], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`ffmpeg exit ${code}`)),
    );
  });
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'videoforge-bench-'));
  const source = join(work, 'source-1080p.mp4');
  await makeTestClip({ path: source, width: 1920, height: 1080, durationSec: CLIP_SECONDS });
  const { size } = await stat(source);
  const info = await probeMedia(source);
  const plainArgs = describeCommand(
    source,
    join(work, 'plain-720p.mp4'),
    buildMp4OutputOptions(info, '720p', { preset: PRESET }),
  );

  const phases: Record<string, number>[] = [];
  const pipeline = await startPipeline({
    transcoderEnv: { FFMPEG_PRESET: PRESET },
    logger: createLogger('bench', 'info', collectJobPhases(phases)),
  });
  const client = new ApiClient(pipeline.api.url);
  await client.signUpAndLogin(`bench-${Date.now()}@example.com`, 'Bench-Passw0rd!');
  const duration = pipeline.transcoder!.registry.getSingleMetric(
    'videoforge_transcode_duration_seconds',
  );

  const plain: number[] = [];
  const step: number[] = [];
  const endToEnd: number[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      plain.push(await runPlainFfmpeg(plainArgs));
      const sumBefore = await histogramSum(duration);
      const created = await client.expect<{
        video: { videoId: string };
        upload: { url: string; method: string; headers: Record<string, string> };
      }>(201, 'POST', '/api/videos', {
        title: `bench ${run}`,
        filename: 'bench.mp4',
        contentType: 'video/mp4',
        sizeBytes: size,
      });
      await uploadFile(created.upload, source);
      const uploadedAt = performance.now();
      await pollUntil(
        () => client.expect<{ status: string }>(200, 'GET', `/api/videos/${created.video.videoId}`),
        (v) => v.status === 'READY' || v.status === 'FAILED',
        // A user polls about once a second; polling harder only steals CPU from ffmpeg.
        { timeoutMs: 300_000, intervalMs: 250 },
      );
      endToEnd.push((performance.now() - uploadedAt) / 1000);
      step.push(
        (await pollUntil(
          () => histogramSum(duration),
          (s) => s > sumBefore,
          { timeoutMs: 5000, intervalMs: 20 },
        )) - sumBefore,
      );
    }
  } finally {
    await pipeline.stop();
    await rm(work, { recursive: true, force: true });
  }

  const row = (name: string, values: number[], note = '') =>
    console.log(
      `| ${name} | ${median(values).toFixed(2)} s | ${values.map((v) => v.toFixed(2)).join(', ')} | ${note} |`,
    );
  console.log(
    `\n${CLIP_SECONDS} s 1920x1080 H.264/AAC clip (${(size / 1e6).toFixed(1)} MB) -> 720p, libx264 ${PRESET}, ${RUNS} runs each\n`,
  );
  console.log('| measure | median | runs | |');
  console.log('|---|---|---|---|');
  row('plain ffmpeg on a local file', plain);
  row(
    'worker job (download, probe, ffmpeg, upload, status writes)',
    step,
    `ratio ${(median(step) / median(plain)).toFixed(3)} (goal <= 1.10)`,
  );
  row('upload finished -> 720p READY seen by the client', endToEnd);
  for (const phase of ['download', 'probe', 'ffmpeg', 'upload']) {
    row(
      `  worker phase: ${phase}`,
      phases.map((p) => p[phase] ?? NaN),
    );
  }
}

/** Keeps the per-phase timings the worker logs with each finished job. */
function collectJobPhases(into: Record<string, number>[]): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line.includes('"job finished"')) continue;
        const entry = JSON.parse(line) as { outcome?: { phases?: Record<string, number> } };
        if (entry.outcome?.phases) into.push(entry.outcome.phases);
      }
      done();
    },
  });
}

async function histogramSum(
  metric: ReturnType<import('@videoforge/platform').Registry['getSingleMetric']>,
): Promise<number> {
  const values = (await metric?.get())?.values ?? [];
  return values
    .filter((v) => (v as { metricName?: string }).metricName?.endsWith('_sum'))
    .reduce((sum, v) => sum + v.value, 0);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
