import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ffprobeJson, makeCorruptFile, makeTestClip, requireBinary } from '@videoforge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildMp4OutputOptions,
  FfmpegAbortedError,
  FfmpegFailedError,
  MediaUnreadableError,
  probeMedia,
  runFfmpeg,
  type FfmpegProgress,
  type MediaInfo,
} from '../../src/index.ts';

let dir: string;
let clip: string;
let corrupt: string;

beforeAll(async () => {
  // Fails the suite with the install hint instead of an ENOENT inside a test.
  requireBinary('ffmpeg');
  requireBinary('ffprobe');
  dir = await mkdtemp(join(tmpdir(), 'videoforge-ffmpeg-'));
  clip = join(dir, 'source.mp4');
  corrupt = join(dir, 'corrupt.mp4');
  await makeTestClip({ path: clip, width: 1280, height: 720, durationSec: 3, audio: true });
  await makeCorruptFile(corrupt);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Pids of live processes whose command line mentions `text` (Linux /proc). */
async function pidsMentioning(text: string): Promise<number[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const matches = await Promise.all(
    pids.map(async (pid) => {
      const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
      return cmdline.includes(text) ? Number(pid) : undefined;
    }),
  );
  return matches.filter((pid) => pid !== undefined);
}

describe('probeMedia', () => {
  it('reads duration, frame size and audio of a real clip', async () => {
    const info = await probeMedia(clip);

    expect(info.durationSec).toBeGreaterThan(2.9);
    expect(info.durationSec).toBeLessThan(3.2);
    expect(info).toMatchObject({ width: 1280, height: 720, hasAudio: true, videoCodec: 'h264' });
    expect(info.formatName).toContain('mp4');
  });

  it('rejects a corrupt file as unreadable, quoting ffprobe', async () => {
    const error = await probeMedia(corrupt).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(MediaUnreadableError);
    expect((error as MediaUnreadableError).message).toMatch(
      /^ffprobe cannot read the source: .*(moov atom not found|Invalid data)/,
    );
    expect((error as MediaUnreadableError).refusal?.kind).toMatch(/^(damaged|format)$/);
  });
});

describe('runFfmpeg', () => {
  it('transcodes to 360p H.264/AAC with progress rising to 100 %', async () => {
    const source: MediaInfo = await probeMedia(clip);
    const output = join(dir, 'out-360p.mp4');
    const progress: FfmpegProgress[] = [];

    const result = await runFfmpeg({
      input: clip,
      output,
      outputOptions: buildMp4OutputOptions(360),
      durationSec: source.durationSec,
      onProgress: (p) => progress.push(p),
    });

    const probe = await ffprobeJson(output);
    const video = probe.streams.find((s) => s.codec_type === 'video');
    const audio = probe.streams.find((s) => s.codec_type === 'audio');
    expect(video).toMatchObject({ codec_name: 'h264', width: 640, height: 360 });
    expect(audio).toMatchObject({ codec_name: 'aac' });
    expect(Number(probe.format.duration)).toBeCloseTo(source.durationSec, 0);

    expect(progress.length).toBeGreaterThanOrEqual(2);
    const percents = progress.map((p) => p.percent ?? -1);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents[0]).toBeLessThan(100);
    expect(progress.at(-1)?.percent).toBe(100);
    expect(result.wallSec).toBeGreaterThan(0);
  });

  it('fails on a corrupt input with the telling stderr line and tail', async () => {
    const output = join(dir, 'never.mp4');

    const error = await runFfmpeg({
      input: corrupt,
      output,
      outputOptions: buildMp4OutputOptions(360),
    }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(FfmpegFailedError);
    const failed = error as FfmpegFailedError;
    expect(failed.exitCode).not.toBe(0);
    expect(failed.exitCode).not.toBeNull();
    expect(failed.message).toMatch(/moov atom not found|Invalid data found when processing input/);
    expect(failed.stderrTail).toContain('Invalid data found when processing input');
  });

  it('kills ffmpeg on abort and leaves no process behind', async () => {
    const source = await probeMedia(clip);
    const output = join(dir, 'aborted-480p.mp4');
    const controller = new AbortController();
    let runningAtAbort: number[] = [];

    const run = runFfmpeg({
      input: clip,
      output,
      // -re reads the source at its own frame rate: ffmpeg is busy for the clip's 3 s, well past
      // the first progress report, however fast the machine or preset.
      inputOptions: ['-re'],
      outputOptions: buildMp4OutputOptions(480, { threads: 1 }),
      durationSec: source.durationSec,
      signal: controller.signal,
      onProgress: () => {
        if (controller.signal.aborted) return;
        void pidsMentioning(output).then((pids) => {
          runningAtAbort = pids;
          controller.abort();
        });
      },
    });

    await expect(run).rejects.toBeInstanceOf(FfmpegAbortedError);
    expect(runningAtAbort).toHaveLength(1);
    expect(await pidsMentioning(output)).toEqual([]);
    // Killed mid-way, ffmpeg never wrote the moov atom: proof it did not just run to the end.
    await expect(ffprobeJson(output)).rejects.toThrow();
  });

  it('does not start ffmpeg when the signal is already aborted', async () => {
    const output = join(dir, 'not-started.mp4');

    await expect(
      runFfmpeg({ input: clip, output, outputOptions: ['-f', 'mp4'], signal: AbortSignal.abort() }),
    ).rejects.toBeInstanceOf(FfmpegAbortedError);
    expect(await readdir(dir)).not.toContain('not-started.mp4');
  });
});
