import type { Quality } from '@videoforge/core';
import type { MediaInfo } from '@videoforge/ffmpeg';

export type { MediaInfo };

export interface TranscodeProgress {
  percent: number | undefined;
  outTimeSec: number;
}

interface RunArgs {
  input: string;
  source: MediaInfo;
  signal: AbortSignal;
  onProgress?: (progress: TranscodeProgress) => void;
}

/** What the job handler needs of a media toolkit; ffmpeg implements it, tests may fake it. */
export interface MediaToolkit {
  /** `input` is a path or an http(s) URL, as everywhere in this interface. */
  probe(input: string, signal: AbortSignal): Promise<MediaInfo>;
  /** Needs no MediaInfo up front, so it can run while the probe does; `durationSec` may come late. */
  transcodeMp4(args: {
    input: string;
    output: string;
    quality: Quality;
    durationSec: () => number | undefined;
    signal: AbortSignal;
    onProgress?: (progress: TranscodeProgress) => void;
  }): Promise<{ stderrTail: string }>;
  /** The whole ladder from one decode into `outputDir` (master.m3u8 + one folder per rung). */
  transcodeHls(args: RunArgs & { outputDir: string }): Promise<{ rungs: string[] }>;
  poster(args: {
    input: string;
    output: string;
    source: MediaInfo;
    signal: AbortSignal;
  }): Promise<void>;
}
