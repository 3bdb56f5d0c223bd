import { Router } from 'express';
import { z } from 'zod';
import type { IdentityProvider } from '@videoforge/core';
import { parse } from '@videoforge/http';

const email = z.email().max(254);
const password = z.string().min(1).max(256);

const signUpBody = z.strictObject({ email, password });
const confirmBody = z.strictObject({ email, code: z.string().min(1).max(64) });
const loginBody = z.strictObject({ email, password });
const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(8192) });

export function authRoutes(identity: IdentityProvider): Router {
  const router = Router();

  router.post('/signup', async (req, res) => {
    const body = parse(signUpBody, req.body);
    const { userId, confirmed } = await identity.signUp(body.email, body.password);
    res.status(201).json({ userId, confirmed });
  });

  router.post('/confirm', async (req, res) => {
    const body = parse(confirmBody, req.body);
    await identity.confirmSignUp(body.email, body.code);
    res.status(204).end();
  });

  router.post('/login', async (req, res) => {
    const body = parse(loginBody, req.body);
    res.json(await identity.login(body.email, body.password));
  });

  router.post('/refresh', async (req, res) => {
    const body = parse(refreshBody, req.body);
    res.json(await identity.refresh(body.refreshToken));
  });

  return router;
}
