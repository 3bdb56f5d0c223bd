import { encoderArgs, type EncoderOptions } from './encoder-args.ts';

export type Mp4OutputOptions = EncoderOptions;

/**
 * ffmpeg output options for one progressive-download MP4 rendition `height` pixels high. Pure, so
 * the exact command is unit-tested and loggable without running ffmpeg. They hold for any source,
 * so ffmpeg can start before ffprobe has answered; whether the rendition would upscale is the
 * caller's check.
 */
export function buildMp4OutputOptions(height: number, opts: Mp4OutputOptions = {}): string[] {
  const encoder = encoderArgs(opts);
  // prettier-ignore
  return [
    // 'V' (not 'v') skips cover art, which MP4 and MKV store as a video stream; '?' makes the
    // audio optional, and the audio options are then simply unused.
    '-map', '0:V:0',
    '-map', '0:a:0?',
    // -2 keeps the aspect ratio with an even width, which yuv420p requires.
    '-vf', `scale=-2:${evenHeight(height)}`,
    ...encoder.video,
    '-crf', '23',
    ...encoder.audio,
    ...encoder.threads,
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

function evenHeight(height: number): number {
  if (!Number.isInteger(height) || height < 2 || height % 2 !== 0) {
    throw new RangeError(`height must be a positive even integer, got ${height}`);
  }
  return height;
}
