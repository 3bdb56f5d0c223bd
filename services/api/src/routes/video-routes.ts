import { Router } from 'express';
import {
  createVideoBody,
  listQuery,
  patchVideoBody,
  playbackQuery,
  renditionBody,
  signPartsBody,
  videoIdParams,
} from '../videos/schemas.ts';
import type { VideoService } from '../videos/video-service.ts';
import type { HlsPlayback } from '../playback/hls-playback.ts';
import { parse, principalOf } from '@videoforge/http';

export function videoRoutes(videos: VideoService, hls: HlsPlayback): Router {
  const router = Router();

  router.post('/', async (req, res) => {
    const body = parse(createVideoBody, req.body);
    const { video, upload } = await videos.create(principalOf(req).userId, body);
    res.status(201).json({ video: await videos.view(video), upload });
  });

  router.get('/', async (req, res) => {
    const query = parse(listQuery, req.query);
    const page = await videos.list(principalOf(req).userId, query);
    res.json({
      items: await Promise.all(page.items.map((v) => videos.view(v))),
      nextCursor: page.nextCursor ?? null,
    });
  });

  router.get('/:id', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    res.json(await videos.view(await videos.get(principalOf(req).userId, id)));
  });

  router.patch('/:id', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    const body = parse(patchVideoBody, req.body);
    res.json(await videos.view(await videos.patch(principalOf(req).userId, id, body)));
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

  router.get('/:id/upload', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    res.json(await videos.uploadStatus(principalOf(req).userId, id));
  });

  router.post('/:id/upload/parts', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    const { parts } = parse(signPartsBody, req.body);
    res.json(await videos.signUploadParts(principalOf(req).userId, id, parts));
  });

  router.post('/:id/upload/complete', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    await videos.completeUpload(principalOf(req).userId, id);
    res.status(202).json(await videos.view(await videos.get(principalOf(req).userId, id)));
  });

  router.delete('/:id/upload', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    await videos.abortUpload(principalOf(req).userId, id);
    res.status(204).end();
  });

  router.get('/:id/playback', async (req, res) => {
    const { id } = parse(videoIdParams, req.params);
    const { quality } = parse(playbackQuery, req.query);
    const userId = principalOf(req).userId;
    if (quality === 'hls') {
      const { path, expiresAt } = await hls.createPath(userId, id);
      res.json({ url: `${req.protocol}://${req.get('host')}${path}`, expiresAt });
      return;
    }
    const { url, expiresAt } = await videos.playback(userId, id, quality);
    res.json({ url, expiresAt });
  });

  return router;
}
