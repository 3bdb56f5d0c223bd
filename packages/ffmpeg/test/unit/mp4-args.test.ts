import { describe, expect, it } from 'vitest';
import { buildMp4OutputOptions, describeCommand } from '../../src/index.ts';

/** The value that follows `flag`, so assertions read as "-c:v is libx264". */
function valueOf(args: readonly string[], flag: string): string | undefined {
  const index = args.indexOf(flag);
  return index === -1 ? undefined : args[index + 1];
}

function mapsOf(args: readonly string[]): string[] {
  return args.flatMap((arg, i) => (arg === '-map' ? [args[i + 1] ?? ''] : []));
}

describe('buildMp4OutputOptions', () => {
  it('scales to 720p with H.264 high, AAC stereo and faststart', () => {
    const args = buildMp4OutputOptions(720);

    expect(valueOf(args, '-vf')).toBe('scale=-2:720');
    expect(valueOf(args, '-c:v')).toBe('libx264');
    expect(valueOf(args, '-preset')).toBe('veryfast');
    expect(valueOf(args, '-crf')).toBe('23');
    expect(valueOf(args, '-profile:v')).toBe('high');
    expect(valueOf(args, '-pix_fmt')).toBe('yuv420p');
    expect(valueOf(args, '-c:a')).toBe('aac');
    expect(valueOf(args, '-b:a')).toBe('128k');
    expect(valueOf(args, '-ac')).toBe('2');
    expect(valueOf(args, '-movflags')).toBe('+faststart');
    expect(valueOf(args, '-f')).toBe('mp4');
    expect(args).not.toContain('-threads');
  });

  it('maps the first real video stream and the audio only if there is one', () => {
    // Options that hold for any source let ffmpeg start before ffprobe answers.
    expect(mapsOf(buildMp4OutputOptions(480))).toEqual(['0:V:0', '0:a:0?']);
  });

  it('keeps the same height when source and rendition match', () => {
    expect(valueOf(buildMp4OutputOptions(1080), '-vf')).toBe('scale=-2:1080');
  });

  it('adds -threads and the preset when given', () => {
    const args = buildMp4OutputOptions(360, { threads: 2, preset: 'ultrafast' });

    expect(valueOf(args, '-threads')).toBe('2');
    expect(valueOf(args, '-preset')).toBe('ultrafast');
  });

  it('rejects a thread count or preset ffmpeg would choke on', () => {
    expect(() => buildMp4OutputOptions(360, { threads: 0 })).toThrow(RangeError);
    expect(() => buildMp4OutputOptions(360, { threads: 1.5 })).toThrow(RangeError);
    expect(() => buildMp4OutputOptions(360, { preset: 'warp' })).toThrow(/unknown libx264 preset/);
  });

  it('refuses a height yuv420p cannot have', () => {
    expect(() => buildMp4OutputOptions(721)).toThrow(/positive even integer/);
    expect(() => buildMp4OutputOptions(0)).toThrow(RangeError);
  });

  it('returns one argv token per element, never "-flag value" pairs', () => {
    const args = buildMp4OutputOptions(720, { threads: 4 });

    expect(args.every((arg) => !arg.includes(' '))).toBe(true);
  });
});

describe('describeCommand', () => {
  it('wraps the options into a plain ffmpeg argv', () => {
    const options = buildMp4OutputOptions(720);

    expect(describeCommand('/scratch/in.mov', '/scratch/out.mp4', options)).toEqual([
      '-hide_banner',
      '-y',
      '-i',
      '/scratch/in.mov',
      ...options,
      '/scratch/out.mp4',
    ]);
  });
});
