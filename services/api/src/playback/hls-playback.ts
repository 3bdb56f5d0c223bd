import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  hlsMasterKey,
  hlsPrefix,
  type ObjectStore,
  type VideoRepository,
} from '@videoforge/core';
import { rewriteMediaPlaylist, isSafeRelativeUri, masterRungs } from './playlists.ts';
import { signPlaybackToken, verifyPlaybackToken, type PlaybackClaims } from './playback-token.ts';

export interface HlsPlaybackDeps {
  videos: VideoRepository;
  objects: ObjectStore;
  secret: string;
  ttlSeconds: number;
  clock?: () => number;
}

/**
 * Signed HLS: the master and rung playlists come from the API under a token in the path, and every
 * segment URL in them is a presigned S3 GET that expires with the token.
 */
export class HlsPlayback {
  private readonly deps: HlsPlaybackDeps;

  constructor(deps: HlsPlaybackDeps) {
    this.deps = deps;
  }

  /** The player URL path (under the API's /api/playback) for a READY ladder of the caller's video. */
  async createPath(userId: string, videoId: string): Promise<{ path: string; expiresAt: string }> {
    const video = await this.deps.videos.get(userId, videoId);
    if (!video) throw new NotFoundError('video not found');
    if (video.renditions.hls?.status !== 'READY') {
      throw new ConflictError(
        `hls is not ready (${video.renditions.hls?.status ?? 'not requested'})`,
      );
    }
    const expiresAt = this.nowSeconds() + this.deps.ttlSeconds;
    const token = signPlaybackToken({ userId, videoId, expiresAt }, this.deps.secret);
    return {
      path: `/api/playback/hls/${token}/master.m3u8`,
      expiresAt: new Date(expiresAt * 1000).toISOString(),
    };
  }

  async masterPlaylist(token: string): Promise<string> {
    const claims = this.verify(token);
    return this.deps.objects.readText(hlsMasterKey(claims.userId, claims.videoId));
  }

  async mediaPlaylist(token: string, rung: string): Promise<string> {
    const claims = this.verify(token);
    if (!isSafeRelativeUri(rung) || rung.includes('/')) throw new NotFoundError('no such rung');
    const master = await this.deps.objects.readText(hlsMasterKey(claims.userId, claims.videoId));
    if (!masterRungs(master).includes(rung)) throw new NotFoundError('no such rung');
    const prefix = `${hlsPrefix(claims.userId, claims.videoId)}${rung}/`;
    const playlist = await this.deps.objects.readText(`${prefix}playlist.m3u8`);
    const expiresInSec = Math.max(60, claims.expiresAt - this.nowSeconds());
    const signed = new Map<string, string>();
    for (const uri of segmentUris(playlist)) {
      signed.set(uri, (await this.deps.objects.presignGet(prefix + uri, { expiresInSec })).url);
    }
    return rewriteMediaPlaylist(playlist, (uri) => signed.get(uri) ?? uri);
  }

  private verify(token: string): PlaybackClaims {
    const claims = verifyPlaybackToken(token, this.deps.secret, this.nowSeconds());
    if (!claims) throw new ForbiddenError('playback link is invalid or expired');
    return claims;
  }

  private nowSeconds(): number {
    return Math.floor((this.deps.clock?.() ?? Date.now()) / 1000);
  }
}

function segmentUris(playlist: string): string[] {
  return playlist
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
}
