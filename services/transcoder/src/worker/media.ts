import type { Quality } from '@videoforge/core';
import type { MediaInfo } from '../ffmpeg/index.ts';

export type { MediaInfo };

export interface TranscodeProgress {
  percent: number | undefined;
  outTimeSec: number;
}

/** What the job handler needs of a media toolkit; ffmpeg implements it, tests may fake it. */
export interface MediaToolkit {
  probe(path: string, signal: AbortSignal): Promise<MediaInfo>;
  transcodeMp4(args: {
    input: string;
    output: string;
    source: MediaInfo;
    quality: Quality;
    signal: AbortSignal;
    onProgress?: (progress: TranscodeProgress) => void;
  }): Promise<{ stderrTail: string }>;
}
