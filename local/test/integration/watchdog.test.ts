import { chmod, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clip, counterValue, newUser, tempDir, uploadVideo, waitForVideo } from './support.ts';

describe('the stall watchdog', () => {
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

  it('kills an ffmpeg that hangs, records the stall, and lets SQS retry until the job fails for good', async () => {
    const hanging = join(dir.path, 'ffmpeg-that-hangs');
    await writeFile(
      hanging,
      [
        '#!/bin/sh',
        '# Answers capability queries like ffmpeg, then hangs on real work without a word.',
        'case "$*" in *-formats*|*-encoders*|*-codecs*|*-filters*) exec ffmpeg "$@" ;; esac',
        'exec sleep 600',
        '',
      ].join('\n'),
    );
    await chmod(hanging, 0o755);
    const worker = await pipeline.startWorker({ FFMPEG_PATH: hanging, STALL_TIMEOUT_SECONDS: '1' });

    const user = await newUser(pipeline);
    const source = await clip(dir.path, 'fine.mp4', { width: 640, height: 360, durationSec: 1 });
    const created = await uploadVideo(user, source, (await stat(source)).size, {
      renditions: ['360p'],
    });

    const failed = await waitForVideo(
      user,
      created.videoId,
      (v) => v.renditions['360p']?.status === 'FAILED',
      60_000,
    );
    expect(failed.renditions['360p']).toMatchObject({ attempts: 3 });
    expect(failed.renditions['360p']?.error).toEqual({
      code: 'STALLED',
      message: 'the transcode made no progress for 1 s',
    });
    expect(await counterValue(worker.registry, 'videoforge_transcode_stalls_total', {})).toBe(3);
  });
});
