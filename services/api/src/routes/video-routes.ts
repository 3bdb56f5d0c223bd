import { Router } from 'express';
import { principalOf } from '../http/auth.ts';
import { parse } from '../http/validate.ts';
import {
  createVideoBody,
  listQuery,
  patchVideoBody,
  playbackQuery,
  renditionBody,
  videoIdParams,
} from '../videos/schemas.ts';
import type { VideoService } from '../videos/video-service.ts';
import { toVideoView } from '../videos/video-view.ts';

export function videoRoutes(videos: VideoService): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const body = parse(createVideoBody, req.body);
    const { video, upload } = await videos.create(principalOf(req).userId, body);
    res.status(201).json({ video: toVideoView(video), upload });
  });

  router.get('/', async (req, res) => {
    const query = parse(listQuery, req.query);
    const page = await videos.list(principalOf(req).userId, query);
    res.json({ items: page.items.map(toVideoView), nextCursor: page.nextCursor ?? null });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    res.json(toVideoView(await videos.get(principalOf(req).userId, id)));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    const body = parse(patchVideoBody, req.body);
    res.json(toVideoView(await videos.patch(principalOf(req).userId, id, body)));
  });

  router.delete('/:id', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    await videos.delete(principalOf(req).userId, id);
    res.status(204).end();
  });

  router.post('/:id/renditions', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    const { quality } = parse(renditionBody, req.body);
    const { rendition, queued } = await videos.requestRendition(
      principalOf(req).userId,
      id,
      quality,
    );
    res.status(queued ? 202 : 200).json({ quality, ...rendition });
  });

  router.get('/:id/playback', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    const { quality } = parse(playbackQuery, req.query);
    const { url, expiresAt } = await videos.playback(principalOf(req).userId, id, quality);
    res.json({ url, expiresAt });
  });

  return router;
}
