import { Router } from 'express';
import type { VideoCatalog } from '@videoforge/core';
import { parse } from '@videoforge/http';
import { listVideosByStatus } from '../operations/video-listing.ts';
import { videosQuery } from '../schemas.ts';

export function videoRoutes(catalog: VideoCatalog): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const { status, ...page } = parse(videosQuery, req.query);
    const result = await listVideosByStatus(catalog, status, page);
    res.json({ items: result.items, nextCursor: result.nextCursor ?? null });
  });
  return router;
}
