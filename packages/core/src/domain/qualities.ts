/** MP4 rendition qualities, lowest first. The HLS ladder uses the same rungs. */
export const QUALITIES = ['360p', '480p', '720p', '1080p'] as const;
export type Quality = (typeof QUALITIES)[number];

/** What a job can produce: one MP4 rendition, or the whole HLS ladder. */
export const JOB_TARGETS = [...QUALITIES, 'hls'] as const;
export type JobTarget = (typeof JOB_TARGETS)[number];

export const QUALITY_HEIGHT: Readonly<Record<Quality, number>> = {
  '360p': 360,
  '480p': 480,
  '720p': 720,
  '1080p': 1080,
};

/** What a video gets when the uploader asks for nothing: a downloadable MP4 and the adaptive ladder. */
export const DEFAULT_RENDITIONS: readonly JobTarget[] = ['720p', 'hls'];

export function isQuality(value: string): value is Quality {
  return (QUALITIES as readonly string[]).includes(value);
}

export function isJobTarget(value: string): value is JobTarget {
  return (JOB_TARGETS as readonly string[]).includes(value);
}

/** We never upscale: a rung taller than the source is skipped. */
export function fitsSource(quality: Quality, sourceHeight: number): boolean {
  return QUALITY_HEIGHT[quality] <= sourceHeight;
}
