import { encoderArgs, type EncoderOptions } from './encoder-args.ts';
import type { MediaInfo } from './probe.ts';

/** One rung of the ladder: its folder name and target height. */
export interface HlsRung {
  name: string;
  height: number;
  /** Target video bitrate in kbit/s (VBV-capped, so rungs differ predictably for players). */
  videoKbps: number;
}

const KBPS_BY_HEIGHT: Readonly<Record<number, number>> = {
  360: 800,
  480: 1400,
  720: 2800,
  1080: 5000,
};

/** Segment length; keyframes are forced on this grid so every rung switches at the same instants. */
export const HLS_SEGMENT_SECONDS = 4;

/**
 * The rungs for a source `sourceHeight` pixels high: every one of `heights` it can fill (never an
 * upscale), each named like "720p"; a smaller source gets one rung at its own (even) height.
 */
export function hlsLadder(sourceHeight: number, heights: readonly number[]): HlsRung[] {
  const rungs = heights
    .filter((height) => height <= sourceHeight)
    .map((height) => ({ name: `${height}p`, height, videoKbps: KBPS_BY_HEIGHT[height] ?? 800 }));
  if (rungs.length > 0) return rungs;
  const height = sourceHeight - (sourceHeight % 2);
  return [{ name: `${height}p`, height, videoKbps: 600 }];
}

export type HlsOptions = EncoderOptions;

/** The output argument that goes with buildHlsOutputOptions(); ffmpeg writes the master beside the rung folders. */
export function hlsPlaylistPattern(outputDir: string): string {
  return `${outputDir}/%v/playlist.m3u8`;
}

/**
 * ffmpeg output options for the whole ladder from ONE decode: the source is decoded once, split,
 * scaled per rung and encoded in parallel; keyframes are aligned across rungs so players switch
 * cleanly. Output: `<outputDir>/master.m3u8` and `<outputDir>/<rung>/{playlist.m3u8,seg_NNN.ts}`.
 */
export function buildHlsOutputOptions(
  source: Pick<MediaInfo, 'hasAudio'>,
  rungs: readonly HlsRung[],
  outputDir: string,
  opts: HlsOptions = {},
): string[] {
  const n = rungs.length;
  const split = `[0:V:0]split=${n}${rungs.map((_, i) => `[s${i}]`).join('')}`;
  const scales = rungs.map((r, i) => `[s${i}]scale=-2:${r.height}[v${i}]`);
  const encoder = encoderArgs(opts);
  // prettier-ignore
  return [
    '-filter_complex', [split, ...scales].join(';'),
    ...rungs.flatMap((_, i) => ['-map', `[v${i}]`]),
    ...(source.hasAudio ? rungs.flatMap(() => ['-map', '0:a:0']) : []),
    ...encoder.video,
    '-sc_threshold', '0',
    '-force_key_frames', `expr:gte(t,n_forced*${HLS_SEGMENT_SECONDS})`,
    ...rungs.flatMap((r, i) => bitrateArgs(i, r.videoKbps)),
    ...(source.hasAudio ? encoder.audio : []),
    ...encoder.threads,
    '-f', 'hls',
    '-hls_time', String(HLS_SEGMENT_SECONDS),
    '-hls_playlist_type', 'vod',
    '-hls_flags', 'independent_segments',
    // Resolved against ffmpeg's working directory, not the playlist's: give the full path.
    '-hls_segment_filename', `${outputDir}/%v/seg_%03d.ts`,
    '-master_pl_name', 'master.m3u8',
    '-var_stream_map', rungs.map((r, i) => (source.hasAudio ? `v:${i},a:${i},name:${r.name}` : `v:${i},name:${r.name}`)).join(' '),
  ];
}

function bitrateArgs(index: number, kbps: number): string[] {
  // prettier-ignore
  return [
    `-b:v:${index}`, `${kbps}k`,
    `-maxrate:v:${index}`, `${Math.round(kbps * 1.07)}k`,
    `-bufsize:v:${index}`, `${Math.round(kbps * 1.5)}k`,
  ];
}
