export {
  buildMp4OutputOptions,
  describeCommand,
  X264_PRESETS,
  type Mp4OutputOptions,
} from './mp4-args.ts';
export { probeMedia, toMediaInfo, type MediaInfo } from './probe.ts';
export {
  ffprobeRaw,
  runFfmpeg,
  type FfprobeOptions,
  type RawProbe,
  type RawStream,
  type RunFfmpegOptions,
  type RunFfmpegResult,
} from './ffmpeg-runner.ts';
export { parseTimemark, parseProgressLine, type FfmpegProgress } from './progress.ts';
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
export {
  buildHlsOutputOptions,
  hlsLadder,
  hlsPlaylistPattern,
  HLS_SEGMENT_SECONDS,
  type HlsRung,
  type HlsOptions,
} from './hls-args.ts';
export {
  ACCEPTED_DEMUXERS,
  buildSourceInputOptions,
  DEFAULT_SOURCE_GUARD,
  SourceRefusedError,
  type SourceGuard,
} from './input-args.ts';
export { buildPosterOptions, posterSeekSeconds, POSTER_MAX_HEIGHT } from './poster-args.ts';
