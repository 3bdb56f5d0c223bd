import type { Video } from '@videoforge/core';

export type VideoView = Omit<Video, 'version'>;

/** What clients see of a video: everything but internal bookkeeping. */
export function toVideoView(video: Video): VideoView {
  const { version: _version, ...view } = video;
  return view;
}
