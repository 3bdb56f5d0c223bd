import type { MediaInfo } from './probe.ts';

export const POSTER_MAX_HEIGHT = 720;

/**
 * Where to look for the poster: a tenth into the video skips fade-ins and black intros, and the
 * `thumbnail` filter then picks the most representative of the next frames.
 */
export function posterSeekSeconds(source: Pick<MediaInfo, 'durationSec'>): number {
  return Math.round(Math.min(source.durationSec * 0.1, 30) * 100) / 100;
}

/** Input options (fast seek) and output options for one JPEG poster. */
export function buildPosterOptions(source: Pick<MediaInfo, 'durationSec' | 'height'>): {
  inputOptions: string[];
  outputOptions: string[];
} {
  const height = Math.min(POSTER_MAX_HEIGHT, source.height - (source.height % 2));
  // prettier-ignore
  return {
    inputOptions: ['-ss', String(posterSeekSeconds(source))],
    outputOptions: [
      '-map', '0:V:0',
      '-vf', `thumbnail=50,scale=-2:${height}`,
      '-frames:v', '1',
      '-q:v', '3',
      '-f', 'image2',
    ],
  };
}
