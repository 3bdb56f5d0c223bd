import { fitsSource, QUALITY_HEIGHT, type Quality } from '@videoforge/core';
import { WouldUpscaleError } from './errors.ts';
import type { MediaInfo } from './probe.ts';

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
 * command is unit-tested and loggable without running ffmpeg.
 */
export function buildMp4OutputOptions(
  source: MediaInfo,
  quality: Quality,
  opts: Mp4OutputOptions = {},
): string[] {
  const height = QUALITY_HEIGHT[quality];
  if (!fitsSource(quality, source.height)) throw new WouldUpscaleError(source.height, height);
  // prettier-ignore
  return [
    ...mapArgs(source.hasAudio),
    ...videoArgs(height, presetOf(opts.preset)),
    ...audioArgs(source.hasAudio),
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

function mapArgs(hasAudio: boolean): string[] {
  // 'V' (not 'v') skips cover art, which MP4 and MKV store as a video stream.
  return hasAudio ? ['-map', '0:V:0', '-map', '0:a:0?'] : ['-map', '0:V:0'];
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

function audioArgs(hasAudio: boolean): string[] {
  return hasAudio ? ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'] : ['-an'];
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
