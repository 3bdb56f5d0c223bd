import { Router } from 'express';
import type { ClusterInspector } from '@videoforge/core';

export function clusterRoutes(cluster: ClusterInspector): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await cluster.snapshot());
  });
  return router;
}
