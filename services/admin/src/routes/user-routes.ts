import { Router } from 'express';
import { parse } from '@videoforge/http';
import { listUsersWithUsage, type UserReportDeps } from '../operations/user-report.ts';
import { usersQuery } from '../schemas.ts';

export function userRoutes(deps: UserReportDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const query = parse(usersQuery, req.query);
    const page = await listUsersWithUsage(deps, query);
    res.json({ items: page.items, nextCursor: page.nextCursor ?? null });
  });
  return router;
}
