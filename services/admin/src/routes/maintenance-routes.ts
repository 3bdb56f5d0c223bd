import { Router } from 'express';
import type { MaintenanceReader } from '../maintenance/maintenance-report.ts';

const RUNS_SHOWN = 20;

export function maintenanceRoutes(reader: MaintenanceReader): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    res.json(await reader.report(RUNS_SHOWN));
  });
  return router;
}
