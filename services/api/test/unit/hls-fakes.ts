import type { ObjectStore, Video, VideoRepository } from '@videoforge/core';
import { HlsPlayback } from '../../src/playback/hls-playback.ts';
import { PlaylistCache } from '../../src/playback/playlist-cache.ts';
import { servedBytes } from '../../src/playback/served-playlist.ts';
import { signingKeyRing, type SigningKeyRing } from '../../src/playback/signing-keys.ts';

export const OWNER = 'u1';
export const VIDEO = 'v1';
export const SECRET = 'a-test-secret-that-is-long-enough-000';

/** A rung playlist of `segments` 4-second segments, as the transcoder writes it. */
export function rungPlaylist(segments: number): string {
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    '#EXT-X-TARGETDURATION:4',
    '#EXT-X-PLAYLIST-TYPE:VOD',
  ];
  for (let i = 0; i < segments; i++) lines.push('#EXTINF:4.000000,', `seg_${i}.ts`);
  return [...lines, '#EXT-X-ENDLIST', ''].join('\n');
}

/**
 * The two ObjectStore calls playback makes, over an in-memory ladder, counting presigned GETs and
 * the batches they came in.
 */
export class FakeObjects implements Pick<ObjectStore, 'readText' | 'presignGetMany'> {
  presigned = 0;
  batches = 0;
  private readonly texts: Map<string, string>;

  constructor(segments: number) {
    const prefix = `hls/${OWNER}/${VIDEO}/`;
    this.texts = new Map([
      [`${prefix}master.m3u8`, '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n360p/playlist.m3u8\n'],
      [`${prefix}360p/playlist.m3u8`, rungPlaylist(segments)],
    ]);
  }

  readText(key: string): Promise<string> {
    const text = this.texts.get(key);
    return text === undefined ? Promise.reject(new Error(`no ${key}`)) : Promise.resolve(text);
  }

  presignGetMany(keys: readonly string[], opts: { expiresInSec: number }): Promise<string[]> {
    this.batches += 1;
    return Promise.resolve(
      keys.map((key) => {
        this.presigned += 1;
        return `https://s3.test/${key}?X-Amz-Expires=${opts.expiresInSec}&n=${this.presigned}`;
      }),
    );
  }
}

/** A video store holding one video whose ladder is READY. */
export const readyVideos: Pick<VideoRepository, 'get'> = {
  get: (userId, videoId) =>
    Promise.resolve(
      userId === OWNER && videoId === VIDEO
        ? ({ userId, videoId, renditions: { hls: { status: 'READY' } } } as unknown as Video)
        : undefined,
    ),
};

export interface PlaybackFixture {
  hls: HlsPlayback;
  objects: FakeObjects;
  clock: { now: number };
}

export function playbackFixture(
  options: { segments?: number; keys?: SigningKeyRing; cacheBytes?: number } = {},
): PlaybackFixture {
  const clock = { now: 1_000_000_000 };
  const objects = new FakeObjects(options.segments ?? 3);
  const cacheBytes = options.cacheBytes ?? 16 * 1024 * 1024;
  const hls = new HlsPlayback({
    videos: readyVideos,
    objects,
    keys: options.keys ?? signingKeyRing(SECRET),
    ttlSeconds: 3600,
    maxTtlSeconds: 12 * 3600,
    cache:
      cacheBytes > 0
        ? new PlaylistCache({ maxBytes: cacheBytes, sizeOf: servedBytes, clock: () => clock.now })
        : undefined,
    clock: () => clock.now,
  });
  return { hls, objects, clock };
}

/** The token of a fresh link to the fixture's video. */
export async function tokenOf(hls: HlsPlayback): Promise<string> {
  const { path } = await hls.createPath(OWNER, VIDEO);
  return path.split('/')[4] as string;
}
