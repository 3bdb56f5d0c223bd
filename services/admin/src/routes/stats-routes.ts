import { Router } from 'express';
import { collectStats, type StatsDeps } from '../operations/stats.ts';

export function statsRoutes(deps: StatsDeps): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await collectStats(deps));
  });
  return router;
}
