import { describe, expect, it } from 'vitest';
import {
  buildHlsOutputOptions,
  buildMp4OutputOptions,
  encoderArgs,
  hlsLadder,
  isX264Preset,
  X264_PRESETS,
} from '../../src/index.ts';

/** The `-flag value` pairs of `args` whose flag is one of `flags`, in order. */
function pairsOf(args: readonly string[], flags: readonly string[]): string[][] {
  return args.flatMap((arg, i) => (flags.includes(arg) ? [[arg, args[i + 1] ?? '']] : []));
}

const ENCODER_FLAGS = [
  '-c:v',
  '-preset',
  '-profile:v',
  '-pix_fmt',
  '-c:a',
  '-b:a',
  '-ac',
  '-threads',
];

describe('encoderArgs', () => {
  it('is H.264 high in yuv420p with AAC stereo, at the default preset', () => {
    expect(encoderArgs()).toEqual({
      video: [
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-profile:v',
        'high',
        '-pix_fmt',
        'yuv420p',
      ],
      audio: ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'],
      threads: [],
    });
  });

  it('gives the MP4 and the HLS outputs the very same encoder options', () => {
    const opts = { preset: 'fast', threads: 3 };
    const mp4 = buildMp4OutputOptions(720, opts);
    const hls = buildHlsOutputOptions({ hasAudio: true }, hlsLadder(720, [360, 720]), '/out', opts);

    expect(pairsOf(hls, ENCODER_FLAGS)).toEqual(pairsOf(mp4, ENCODER_FLAGS));
    expect(pairsOf(mp4, ENCODER_FLAGS)).toContainEqual(['-threads', '3']);
  });

  it('refuses, for HLS as for MP4, a preset or thread count ffmpeg would choke on', () => {
    const ladder = hlsLadder(360, [360]);
    expect(() =>
      buildHlsOutputOptions({ hasAudio: false }, ladder, '/out', { preset: 'warp' }),
    ).toThrow(/unknown libx264 preset 'warp'/);
    expect(() =>
      buildHlsOutputOptions({ hasAudio: false }, ladder, '/out', { threads: 0 }),
    ).toThrow(RangeError);
  });
});

describe('X264_PRESETS', () => {
  it('lists the presets fastest first, the default among them', () => {
    expect(X264_PRESETS[0]).toBe('ultrafast');
    expect(X264_PRESETS.at(-1)).toBe('slow');
    expect(X264_PRESETS.indexOf('veryfast')).toBeLessThan(X264_PRESETS.indexOf('medium'));
  });

  it('accepts every listed preset and nothing slower than slow', () => {
    for (const preset of X264_PRESETS) expect(isX264Preset(preset)).toBe(true);
    expect(isX264Preset('slower')).toBe(false);
    expect(isX264Preset('placebo')).toBe(false);
  });
});
