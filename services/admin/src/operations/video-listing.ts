import type { Page, Video, VideoCatalog, VideoStatus } from '@videoforge/core';

export type AdminVideoView = Omit<Video, 'version'>;

/** Videos in one status across every user, newest first, as operators see them. */
export async function listVideosByStatus(
  catalog: VideoCatalog,
  status: VideoStatus,
  opts: { limit: number; cursor?: string },
): Promise<Page<AdminVideoView>> {
  const page = await catalog.listByStatus(status, opts);
  return { items: page.items.map(toAdminView), nextCursor: page.nextCursor };
}

export function toAdminView(video: Video): AdminVideoView {
  const { version: _version, ...view } = video;
  return view;
}
