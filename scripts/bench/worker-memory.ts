/**
 * (c) The worker's Node memory does not grow with the video: a worker process transcodes a ~10 MB
 * and a ~1 GB source (raw 1080p video, so size comes cheap in frames) and its peak RSS (VmHWM,
 * ffmpeg excluded: it is a child process) is read from /proc after each.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Pipeline } from '@videoforge/local/pipeline';
import { ApiClient, pollUntil } from '@videoforge/testkit';
import { timeFfmpeg } from './run-ffmpeg.ts';
import type { BenchRow } from './stats.ts';
import { uploadAny } from './upload-any.ts';

const workerEntry = fileURLToPath(
  new URL('../../services/transcoder/src/main.ts', import.meta.url),
);
const tsx = createRequire(import.meta.url).resolve('tsx');
const FRAME_BYTES = 1920 * 1080 * 1.5;

export async function benchWorkerMemory(pipeline: Pipeline, work: string): Promise<BenchRow> {
  const worker = spawn(process.execPath, ['--import', tsx, workerEntry], {
    env: {
      ...process.env,
      ...pipeline.transcoderEnv({ FFMPEG_PRESET: 'ultrafast', LOG_LEVEL: 'warn' }),
    },
    stdio: 'ignore',
  });
  const client = new ApiClient(pipeline.api.url);
  await client.signUpAndLogin(`bench-mem-${Date.now()}@example.com`, 'Bench-Passw0rd!');
  try {
    const small = await peakAfterJob(
      worker,
      client,
      await rawClip(work, 'small.mkv', 10 * 1024 * 1024),
    );
    const large = await peakAfterJob(
      worker,
      client,
      await rawClip(work, 'large.mkv', 1024 * 1024 * 1024),
    );
    const growth = large.peakMiB - small.peakMiB;
    return {
      measure: '(c) worker Node peak RSS, ~10 MB vs ~1 GB source',
      result: `+${growth.toFixed(1)} MiB`,
      goal: 'flat within 50 MB',
      detail: `${small.peakMiB.toFixed(0)} MiB after ${small.sizeMb} MB, ${large.peakMiB.toFixed(0)} MiB after ${large.sizeMb} MB`,
    };
  } finally {
    worker.kill('SIGTERM');
  }
}

async function rawClip(work: string, name: string, bytes: number): Promise<string> {
  const path = join(work, name);
  const frames = Math.max(2, Math.ceil(bytes / FRAME_BYTES));
  await timeFfmpeg([
    '-y',
    '-v',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc2=size=1920x1080:rate=25',
    '-frames:v',
    String(frames),
    '-c:v',
    'rawvideo',
    '-pix_fmt',
    'yuv420p',
    path,
  ]);
  return path;
}

async function peakAfterJob(worker: ChildProcess, client: ApiClient, path: string) {
  const { size } = await stat(path);
  const created = await client.expect<{
    video: { videoId: string };
    upload: Parameters<typeof uploadAny>[1];
  }>(201, 'POST', '/api/videos', {
    title: 'memory',
    filename: 'source.mkv',
    contentType: 'video/x-matroska',
    sizeBytes: size,
    renditions: ['360p'],
  });
  await uploadAny(client, created.upload, path);
  const done = await pollUntil(
    () =>
      client.expect<{ status: string; failure?: { message: string } }>(
        200,
        'GET',
        `/api/videos/${created.video.videoId}`,
      ),
    (v) => v.status === 'READY' || v.status === 'FAILED',
    { timeoutMs: 600_000, intervalMs: 500 },
  );
  if (done.status !== 'READY') throw new Error(`memory bench job failed: ${done.failure?.message}`);
  const status = await readFile(`/proc/${worker.pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  return { peakMiB: kib / 1024, sizeMb: (size / 1e6).toFixed(0) };
}
