export { loadTranscoderConfig, type TranscoderConfig } from './config.ts';
export { startTranscoder, type RunningTranscoder } from './compose.ts';
export type { MediaToolkit, MediaInfo, TranscodeProgress } from './worker/media.ts';
export { startSourceServer, type SourceServer } from './source/source-server.ts';
