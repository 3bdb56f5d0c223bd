import {
  buildHlsOutputOptions,
  buildPosterOptions,
  hlsPlaylistPattern,
  probeMedia,
  runFfmpeg,
  type SourceGuard,
} from '@videoforge/ffmpeg';
import { buildMp4OutputOptions, hlsLadder } from '../renditions.ts';
import type { MediaToolkit } from './media.ts';

export interface FfmpegToolkitOptions {
  ffmpegPath: string;
  ffprobePath: string;
  threads?: number;
  preset: string;
  /** Applied to every source ffprobe and ffmpeg open. */
  guard: SourceGuard;
  probeTimeoutSeconds: number;
}

export function createFfmpegToolkit(options: FfmpegToolkitOptions): MediaToolkit {
  const encoder = { threads: options.threads, preset: options.preset };
  const common = { ffmpegPath: options.ffmpegPath, guard: options.guard };
  return {
    probe: (path, signal) =>
      probeMedia(path, {
        ffprobePath: options.ffprobePath,
        guard: options.guard,
        timeoutSeconds: options.probeTimeoutSeconds,
        signal,
      }),

    transcodeMp4: async ({ input, output, quality, durationSec, signal, onProgress }) => {
      const { stderrTail } = await runFfmpeg({
        ...common,
        input,
        output,
        outputOptions: buildMp4OutputOptions(quality, encoder),
        durationSec,
        signal,
        onProgress: (p) => onProgress?.({ percent: p.percent, outTimeSec: p.outTimeSec }),
      });
      return { stderrTail };
    },

    transcodeHls: async ({ input, outputDir, source, signal, onProgress }) => {
      const rungs = hlsLadder(source);
      await runFfmpeg({
        ...common,
        input,
        output: hlsPlaylistPattern(outputDir),
        outputOptions: buildHlsOutputOptions(source, rungs, outputDir, encoder),
        durationSec: source.durationSec,
        signal,
        onProgress: (p) => onProgress?.({ percent: p.percent, outTimeSec: p.outTimeSec }),
      });
      return { rungs: rungs.map((r) => r.name) };
    },

    poster: async ({ input, output, source, signal }) => {
      const { inputOptions, outputOptions } = buildPosterOptions(source);
      await runFfmpeg({ ...common, input, output, inputOptions, outputOptions, signal });
    },
  };
}
