export { loadTranscoderConfig, type TranscoderConfig } from './config.ts';
export { startTranscoder, type RunningTranscoder } from './compose.ts';
export type { MediaToolkit, MediaInfo, TranscodeProgress } from './worker/media.ts';
export { createPresignedSources } from './source/presigned-sources.ts';
export type { SourceAccess, SourceHandle } from './worker/source-access.ts';
