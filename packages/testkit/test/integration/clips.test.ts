import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffprobeJson, makeCorruptFile, makeTestClip, requireBinary } from '../../src/index.ts';

let dir: string;

beforeAll(async () => {
  requireBinary('ffmpeg');
  requireBinary('ffprobe');
  dir = await mkdtemp(join(tmpdir(), 'videoforge-testkit-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('makeTestClip + ffprobeJson', () => {
  it('makes an H.264/AAC MP4 of the asked size and length', async () => {
    const path = join(dir, 'clip.mp4');
    await makeTestClip({ path, width: 320, height: 240, durationSec: 1 });

    const probe = await ffprobeJson(path);
    expect(probe.streams.find((s) => s.codec_type === 'video')).toMatchObject({
      codec_name: 'h264',
      width: 320,
      height: 240,
    });
    expect(probe.streams.find((s) => s.codec_type === 'audio')).toMatchObject({
      codec_name: 'aac',
    });
    expect(Number(probe.format.duration)).toBeCloseTo(1, 0);
    expect(probe.format.format_name).toContain('mp4');
  });

  it('leaves out audio when asked', async () => {
    const path = join(dir, 'silent.mp4');
    await makeTestClip({ path, width: 320, height: 240, durationSec: 1, audio: false, fps: 10 });

    const probe = await ffprobeJson(path);
    expect(probe.streams.map((s) => s.codec_type)).toEqual(['video']);
  });

  it('rejects with ffmpeg stderr when generation fails', async () => {
    const path = join(dir, 'no-such-folder', 'clip.mp4');

    await expect(makeTestClip({ path, width: 320, height: 240, durationSec: 1 })).rejects.toThrow(
      /No such file or directory/,
    );
  });

  it('rejects with ffprobe stderr for a corrupt file', async () => {
    const path = join(dir, 'corrupt.mp4');
    await makeCorruptFile(path);

    await expect(ffprobeJson(path)).rejects.toThrow(/Invalid data found when processing input/);
  });
});
