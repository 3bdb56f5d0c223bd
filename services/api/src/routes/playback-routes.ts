import { Router } from 'express';
import type { HlsPlayback } from '../playback/hls-playback.ts';

const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl';

/**
 * Public routes, authorised by the signed token in the path (players send no Authorization
 * header). Playlists are per-user capabilities: never cache them in shared caches.
 */
export function playbackRoutes(hls: HlsPlayback): Router {
  const router = Router();

  router.get('/hls/:token/master.m3u8', async (req, res) => {
    const text = await hls.masterPlaylist(req.params.token);
    res.type(PLAYLIST_TYPE).set('Cache-Control', 'private, no-store').send(text);
  });

  router.get('/hls/:token/:rung/playlist.m3u8', async (req, res) => {
    const text = await hls.mediaPlaylist(req.params.token, req.params.rung);
    res.type(PLAYLIST_TYPE).set('Cache-Control', 'private, no-store').send(text);
  });

  return router;
}
