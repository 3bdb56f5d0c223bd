/**
 * ffmpeg and ffprobe without the domain: callers pass heights, bitrates and options as plain values.
 * Only ffmpeg-runner.ts starts processes; everything else is pure.
 */
export { DEFAULT_X264_PRESET, isX264Preset, X264_PRESETS, type X264Preset } from './presets.ts';
export { encoderArgs, type EncoderArgs, type EncoderOptions } from './encoder-args.ts';
export { buildMp4OutputOptions, describeCommand, type Mp4OutputOptions } from './mp4-args.ts';
export {
  buildHlsOutputOptions,
  hlsLadder,
  hlsPlaylistPattern,
  HLS_SEGMENT_SECONDS,
  type HlsRung,
  type HlsOptions,
} from './hls-args.ts';
export { buildPosterOptions, posterSeekSeconds, POSTER_MAX_HEIGHT } from './poster-args.ts';
export {
  ACCEPTED_DEMUXERS,
  buildSourceInputOptions,
  DEFAULT_SOURCE_GUARD,
  SourceRefusedError,
  type SourceGuard,
} from './input-args.ts';
export { probeMedia, toMediaInfo, type MediaInfo } from './probe.ts';
export {
  ffprobeRaw,
  loadFfmpegCapabilities,
  runFfmpeg,
  type FfprobeOptions,
  type RawProbe,
  type RawStream,
  type RunFfmpegOptions,
  type RunFfmpegResult,
} from './ffmpeg-runner.ts';
export {
  createProgressReporter,
  parseProgressLine,
  parseTimemark,
  type FfmpegProgress,
  type ProgressReporter,
} from './progress.ts';
export {
  createStderrTail,
  pickTellingLine,
  redactSignedUrls,
  type StderrTail,
} from './stderr-tail.ts';
export {
  FfmpegAbortedError,
  FfmpegFailedError,
  MediaUnreadableError,
  ProbeTimedOutError,
} from './errors.ts';
export { findRefusal, type MediaRefusal } from './refusals.ts';
