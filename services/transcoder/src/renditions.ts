/**
 * The domain's qualities in the ffmpeg package's plain terms: a quality is a height, and the HLS
 * ladder is made of the quality heights a source can fill.
 */
import { QUALITIES, QUALITY_HEIGHT, type Quality } from '@videoforge/core';
import * as ffmpeg from '@videoforge/ffmpeg';

const QUALITY_HEIGHTS: readonly number[] = QUALITIES.map((quality) => QUALITY_HEIGHT[quality]);

/** Output options of the MP4 rendition of `quality`. */
export function buildMp4OutputOptions(
  quality: Quality,
  opts: ffmpeg.Mp4OutputOptions = {},
): string[] {
  return ffmpeg.buildMp4OutputOptions(QUALITY_HEIGHT[quality], opts);
}

/** The HLS rungs for a source, named after the qualities they are ("720p"). */
export function hlsLadder(source: Pick<ffmpeg.MediaInfo, 'height'>): ffmpeg.HlsRung[] {
  return ffmpeg.hlsLadder(source.height, QUALITY_HEIGHTS);
}
