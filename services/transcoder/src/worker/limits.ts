import type { MediaInfo } from './media.ts';

/** What a source may be before we decode it: each limit bounds memory, CPU or time per job. */
export interface MediaLimits {
  maxFramePixels: number;
  maxDurationSeconds: number;
  maxFrameRate: number;
  maxStreams: number;
  maxAudioChannels: number;
}

/** The source is over a limit; the message names the limit and is fit for users. */
export class LimitExceededError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The first limit the probed source exceeds, as an error to throw; undefined when it fits. */
export function findLimitExceeded(
  source: MediaInfo,
  limits: MediaLimits,
): LimitExceededError | undefined {
  const problem = firstProblem(source, limits);
  return problem === undefined ? undefined : new LimitExceededError(problem);
}

function firstProblem(source: MediaInfo, limits: MediaLimits): string | undefined {
  if (source.width * source.height > limits.maxFramePixels)
    return frameSizeProblem(source.width, source.height, limits.maxFramePixels);
  if (source.durationSec > limits.maxDurationSeconds)
    return `duration ${clock(source.durationSec)} is over the ${clock(limits.maxDurationSeconds)} limit`;
  if (source.frameRate > limits.maxFrameRate)
    return `frame rate ${round(source.frameRate)} fps is over the ${limits.maxFrameRate} fps limit`;
  if (source.streamCount > limits.maxStreams)
    return `${source.streamCount} streams are over the ${limits.maxStreams} stream limit`;
  if (source.audioChannels > limits.maxAudioChannels)
    return `${source.audioChannels} audio channels are over the ${limits.maxAudioChannels} channel limit`;
  return undefined;
}

/** Also used when the decoder itself refused a frame before ffprobe could report its size. */
export function frameSizeProblem(width: number, height: number, maxPixels: number): string {
  return `frame ${width}x${height} is over the ${megapixels(maxPixels)} MP limit`;
}

function megapixels(pixels: number): string {
  return String(Math.round(pixels / 100_000) / 10);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

/** 5400 -> "1h30m00s": exact enough to compare with a limit, short enough for a sentence. */
function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  if (h > 0) return `${h}h${String(m).padStart(2, '0')}m${rest}s`;
  return m > 0 ? `${m}m${rest}s` : `${s % 60}s`;
}
