import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clip, newUser, tempDir, uploadVideo, waitForVideo } from './support.ts';

const workerEntry = fileURLToPath(
  new URL('../../../services/transcoder/src/main.ts', import.meta.url),
);
const tsx = createRequire(import.meta.url).resolve('tsx');

describe('a worker stopped mid-job (SIGTERM, as KEDA scale-in does) loses nothing', () => {
  let pipeline: Pipeline;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    dir = await tempDir();
    pipeline = await startPipeline({ transcoder: false });
  });
  afterAll(async () => {
    await pipeline?.stop();
    await dir?.remove();
  });

  it('returns the message on SIGTERM so a second worker completes the job', async () => {
    // A slow encode on one thread keeps the first worker busy long enough to be interrupted.
    const env = pipeline.transcoderEnv({
      SHUTDOWN_GRACE_SECONDS: '0',
      FFMPEG_PRESET: 'slow',
      FFMPEG_THREADS: '1',
      LOG_LEVEL: 'warn',
    });
    const first = spawn(process.execPath, ['--import', tsx, workerEntry], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      first.once('exit', (code) => resolve({ code, at: Date.now() })),
    );

    const user = await newUser(pipeline);
    const source = await clip(dir.path, 'long.mp4', { width: 1920, height: 1080, durationSec: 8 });
    const created = await uploadVideo(user, source, (await stat(source)).size, {
      renditions: ['720p'],
    });
    await waitForVideo(
      user,
      created.videoId,
      (v) => v.renditions['720p']?.status === 'PROCESSING',
      60_000,
    );

    const signalledAt = Date.now();
    first.kill('SIGTERM');
    const { code, at } = await exited;
    expect(code).toBe(0);
    expect(at - signalledAt).toBeLessThan(10_000);

    // Visibility is 600 s: only a returned message can be picked up again this soon.
    await pipeline.startWorker();
    const ready = await waitForVideo(user, created.videoId, (v) => v.status === 'READY', 90_000);
    expect(ready.renditions['720p']).toMatchObject({ status: 'READY', attempts: 2 });
  });
});
