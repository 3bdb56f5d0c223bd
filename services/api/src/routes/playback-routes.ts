import { Router } from 'express';
import { perClientLimit, perParamLimit, type RateLimitSettings } from '@videoforge/http';
import type { HlsPlayback } from '../playback/hls-playback.ts';

export interface PlaybackLimits {
  perAddress: RateLimitSettings;
  perToken: RateLimitSettings;
}

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';

/**
 * Public routes, authorised by the signed token in the path (players send no Authorization
 * header). Playlists are per-user capabilities: never cache them in shared caches. Throttled per
 * client address first (so made-up tokens count too), then per token (a leaked link replayed).
 */
export function playbackRoutes(hls: HlsPlayback, limits: PlaybackLimits): Router {
  const router = Router();
  router.use(
    '/hls/:token',
    perClientLimit(limits.perAddress),
    perParamLimit('token', limits.perToken),
  );

  router.get('/hls/:token/master.m3u8', async (req, res) => {
    const text = await hls.masterPlaylist(req.params.token);
    res.type(PLAYLIST_TYPE).set('Cache-Control', 'private, no-store').send(text);
  });

  router.get('/hls/:token/:rung/playlist.m3u8', async (req, res) => {
    const served = await hls.servedMediaPlaylist(req.params.token, req.params.rung);
    // Made once per link and rung: compressed, with its ETag, so no request encodes megabytes.
    const gzip = req.acceptsEncodings('gzip', 'identity') === 'gzip';
    const { body, etag } = gzip ? served.gzip : served.identity;
    if (gzip) res.set('Content-Encoding', 'gzip');
    res
      .type(PLAYLIST_TYPE)
      .set({ 'Cache-Control': 'private, no-store', Vary: 'Accept-Encoding', ETag: etag })
      .send(body);
  });

  return router;
}
