import type { JobTargetSpec } from '@videoforge/core';
import { findLimitExceeded, type MediaLimits } from './limits.ts';
import type { MediaInfo } from './media.ts';
import { settledLater } from './settled-later.ts';

/** The target is taller than the source: not an error, the rendition is simply not made. */
export class RenditionSkipped extends Error {}

/**
 * One ffprobe of the source with its two follow-ups, started together and awaited later: the
 * source's facts written on the video, and the check that the target fits the source. Neither
 * waits for the transcode, which may start (MP4) before the probe is done.
 */
export interface SourceProbe {
  /** The source, once probed and found to fit; rejects with the reason it does not. */
  fitting: Promise<MediaInfo>;
  /** Settles once the source's facts are recorded on the video. */
  recorded: Promise<unknown>;
}

export function startSourceProbe(args: {
  probe: () => Promise<MediaInfo>;
  record: (source: MediaInfo) => Promise<unknown>;
  /** Checks the source; throws when it cannot be transcoded to the target. */
  fit: (source: MediaInfo) => MediaInfo;
}): SourceProbe {
  const probed = settledLater(args.probe());
  return {
    recorded: settledLater(probed.then(args.record)),
    fitting: settledLater(probed.then(args.fit)),
  };
}

/** Over a limit, or a rung taller than the source: throws; otherwise the source. */
export function ensureFits(
  target: JobTargetSpec,
  source: MediaInfo,
  limits: MediaLimits,
): MediaInfo {
  const overLimit = findLimitExceeded(source, limits);
  if (overLimit) throw overLimit;
  if (target.kind === 'mp4' && target.height > source.height) {
    throw new RenditionSkipped(`source is ${source.height}px tall; ${target.name} would upscale`);
  }
  return source;
}
