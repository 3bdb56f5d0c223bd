import { DEFAULT_X264_PRESET, isX264Preset, X264_PRESETS } from './presets.ts';

/** How hard and on how many threads to encode; the same for every output we write. */
export interface EncoderOptions {
  /** libx264 preset, one of X264_PRESETS; default 'veryfast'. */
  preset?: string;
  /** Encoder threads; default: ffmpeg decides (all cores). */
  threads?: number;
}

/** The encoder part of an output's options, in the order the builders place them. */
export interface EncoderArgs {
  /** H.264 high profile in yuv420p, which every player decodes; rate control is the caller's. */
  video: string[];
  /** AAC stereo at 128 kbit/s. */
  audio: string[];
  /** Empty when ffmpeg chooses. */
  threads: string[];
}

/**
 * The encoder options the MP4 and HLS outputs share. Throws a RangeError on a preset or thread
 * count ffmpeg would refuse, before any process starts.
 */
export function encoderArgs(opts: EncoderOptions = {}): EncoderArgs {
  // No -level: libx264 derives the lowest level that fits the real frame size and rate,
  // which a fixed table cannot know (portrait, ultra-wide and 60 fps sources differ).
  // prettier-ignore
  return {
    video: [
      '-c:v', 'libx264',
      '-preset', presetOf(opts.preset),
      '-profile:v', 'high',
      '-pix_fmt', 'yuv420p',
    ],
    audio: ['-c:a', 'aac', '-b:a', '128k', '-ac', '2'],
    threads: threadArgs(opts.threads),
  };
}

function threadArgs(threads: number | undefined): string[] {
  if (threads === undefined) return [];
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
  }
  return ['-threads', String(threads)];
}

function presetOf(preset: string | undefined): string {
  if (preset === undefined) return DEFAULT_X264_PRESET;
  if (!isX264Preset(preset)) {
    throw new RangeError(
      `unknown libx264 preset '${preset}', expected one of ${X264_PRESETS.join(', ')}`,
    );
  }
  return preset;
}
