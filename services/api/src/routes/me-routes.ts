import { Router } from 'express';
import type { IdentityProvider } from '@videoforge/core';
import { accessTokenOf, principalOf } from '@videoforge/http';

export function meRoutes(identity: IdentityProvider): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const principal = principalOf(req);
    const email = await identity.emailOf(accessTokenOf(req));
    res.json({ userId: principal.userId, email, groups: principal.groups });
  });
  return router;
}
