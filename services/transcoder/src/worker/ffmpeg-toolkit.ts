import { buildMp4OutputOptions, probeMedia, runFfmpeg } from '../ffmpeg/index.ts';
import type { MediaToolkit } from './media.ts';

export interface FfmpegToolkitOptions {
  ffmpegPath: string;
  ffprobePath: string;
  threads?: number;
  preset: string;
}

export function createFfmpegToolkit(options: FfmpegToolkitOptions): MediaToolkit {
  return {
    probe: (path, signal) => probeMedia(path, { ffprobePath: options.ffprobePath, signal }),
    transcodeMp4: async ({ input, output, source, quality, signal, onProgress }) => {
      const outputOptions = buildMp4OutputOptions(source, quality, {
        threads: options.threads,
        preset: options.preset,
      });
      const { stderrTail } = await runFfmpeg({
        input,
        output,
        outputOptions,
        ffmpegPath: options.ffmpegPath,
        durationSec: source.durationSec,
        signal,
        onProgress: (p) => onProgress?.({ percent: p.percent, outTimeSec: p.outTimeSec }),
      });
      return { stderrTail };
    },
  };
}
