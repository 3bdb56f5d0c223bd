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
import type { PlaylistCache } from './playlist-cache.ts';
import { servePlaylist, type ServedPlaylist } from './served-playlist.ts';
import type { SigningKeyRing } from './signing-keys.ts';

export interface HlsPlaybackDeps {
  videos: Pick<VideoRepository, 'get'>;
  objects: Pick<ObjectStore, 'readText' | 'presignGetMany'>;
  keys: SigningKeyRing;
  /** Lifetime of new links. */
  ttlSeconds: number;
  /** Links that expire farther than this from now are refused, however they were signed. */
  maxTtlSeconds: number;
  /** Signed rung playlists by token and rung; without one, every request signs every segment. */
  cache?: PlaylistCache<ServedPlaylist>;
  clock?: () => number;
}

/**
 * How long a signed rung playlist is reused at most: long enough to absorb reloads, rung switches
 * and hammering, short enough that a re-made rung or refreshed signing credentials show up soon.
 */
const CACHE_MAX_AGE_MS = 5 * 60_000;
/** A cached playlist leaves the cache this long before its URLs expire, so players can use them. */
const URL_MARGIN_MS = 60_000;

/**
 * Signed HLS: the master and rung playlists come from the API under a token in the path, and every
 * segment URL in them is a presigned S3 GET that expires with the token.
 */
export class HlsPlayback {
  private readonly deps: HlsPlaybackDeps;
  /** Signing in progress by cache key: concurrent misses for one rung share one signing. */
  private readonly signing = new Map<string, Promise<ServedPlaylist>>();

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
    const token = signPlaybackToken({ userId, videoId, expiresAt }, this.deps.keys.current);
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
    return (await this.servedMediaPlaylist(token, rung)).identity.body.toString('utf8');
  }

  /** The signed rung playlist as sent: encoded, compressed and with its ETag, cached as such. */
  async servedMediaPlaylist(token: string, rung: string): Promise<ServedPlaylist> {
    const claims = this.verify(token);
    if (!isSafeRelativeUri(rung) || rung.includes('/')) throw new NotFoundError('no such rung');
    const key = `${token}/${rung}`;
    return (
      this.deps.cache?.get(key) ?? this.signing.get(key) ?? this.signAndCache(key, claims, rung)
    );
  }

  private signAndCache(key: string, claims: PlaybackClaims, rung: string): Promise<ServedPlaylist> {
    const signed = this.signRung(claims, rung)
      .then(servePlaylist)
      .then((served) => {
        this.deps.cache?.set(key, served, this.cacheTtlMs(claims));
        return served;
      })
      .finally(() => this.signing.delete(key));
    this.signing.set(key, signed);
    return signed;
  }

  /** The rung's playlist with every segment a presigned GET that expires with the token. */
  private async signRung(claims: PlaybackClaims, rung: string): Promise<string> {
    const master = await this.deps.objects.readText(hlsMasterKey(claims.userId, claims.videoId));
    if (!masterRungs(master).includes(rung)) throw new NotFoundError('no such rung');
    const prefix = `${hlsPrefix(claims.userId, claims.videoId)}${rung}/`;
    const playlist = await this.deps.objects.readText(`${prefix}playlist.m3u8`);
    const expiresInSec = Math.max(60, claims.expiresAt - this.nowSeconds());
    const uris = [...new Set(segmentUris(playlist))];
    // One batch: a 10-hour rung is 9,000 segments, signed with one derived signing key.
    const urls = await this.deps.objects.presignGetMany(
      uris.map((uri) => prefix + uri),
      { expiresInSec },
    );
    if (urls.length !== uris.length)
      throw new Error(`signed ${urls.length} of ${uris.length} segments of ${prefix}`);
    const signed = new Map(uris.map((uri, i) => [uri, urls[i] as string]));
    return rewriteMediaPlaylist(playlist, (uri) => signed.get(uri) ?? uri);
  }

  /** Never past the max age, and over before the token and the URLs signed for it expire. */
  private cacheTtlMs(claims: PlaybackClaims): number {
    const remainingMs = (claims.expiresAt - this.nowSeconds()) * 1000 - URL_MARGIN_MS;
    return Math.min(CACHE_MAX_AGE_MS, remainingMs);
  }

  private verify(token: string): PlaybackClaims {
    const claims = verifyPlaybackToken(token, this.deps.keys, {
      nowSeconds: this.nowSeconds(),
      maxLifetimeSeconds: this.deps.maxTtlSeconds,
    });
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
