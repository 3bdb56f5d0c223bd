import { QUALITY_HEIGHT, type Quality } from '@videoforge/core';

export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
  'placebo',
] as const;

export interface Mp4OutputOptions {
  /** Encoder threads; default: ffmpeg decides (all cores). */
  threads?: number;
  /** libx264 preset; default 'veryfast'. */
  preset?: string;
}

/**
 * ffmpeg output options for one progressive-download MP4 rendition. Pure, so the exact
 * command is unit-tested and loggable without running ffmpeg. They hold for any source, so
 * ffmpeg can start before ffprobe has answered; whether the rendition would upscale is the
 * caller's check.
 */
export function buildMp4OutputOptions(quality: Quality, opts: Mp4OutputOptions = {}): string[] {
  // prettier-ignore
  return [
    // 'V' (not 'v') skips cover art, which MP4 and MKV store as a video stream; '?' makes the
    // audio optional, and the audio options are then simply unused.
    '-map', '0:V:0',
    '-map', '0:a:0?',
    ...videoArgs(QUALITY_HEIGHT[quality], presetOf(opts.preset)),
    '-c:a', 'aac',
    '-b:a', '128k',
    '-ac', '2',
    ...threadArgs(opts.threads),
    '-movflags', '+faststart',
    '-f', 'mp4',
  ];
}

/** The argv of the same command as a plain `ffmpeg` invocation, for logs and benchmarks. */
export function describeCommand(
  input: string,
  output: string,
  options: readonly string[],
): string[] {
  return ['-hide_banner', '-y', '-i', input, ...options, output];
}

function videoArgs(height: number, preset: string): string[] {
  // -2 keeps the aspect ratio with an even width, which yuv420p requires.
  // No -level: libx264 derives the lowest level that fits the real frame size and rate,
  // which a fixed table cannot know (portrait, ultra-wide and 60 fps sources differ).
  // prettier-ignore
  return [
    '-vf', `scale=-2:${height}`,
    '-c:v', 'libx264',
    '-preset', preset,
    '-crf', '23',
    '-profile:v', 'high',
    '-pix_fmt', 'yuv420p',
  ];
}

function threadArgs(threads: number | undefined): string[] {
  if (threads === undefined) return [];
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
  }
  return ['-threads', String(threads)];
}

function presetOf(preset: string | undefined): string {
  if (preset === undefined) return 'veryfast';
  if (!(X264_PRESETS as readonly string[]).includes(preset)) {
    throw new RangeError(
      `unknown libx264 preset '${preset}', expected one of ${X264_PRESETS.join(', ')}`,
    );
  }
  return preset;
}
