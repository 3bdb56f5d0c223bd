import { Router, type Request } from 'express';
import { UnauthorizedError, type IdentityProvider } from '@videoforge/core';
import { parse } from '@videoforge/http';
import {
  confirmBody,
  forgotPasswordBody,
  loginBody,
  logoutBody,
  refreshBody,
  resetPasswordBody,
  signUpBody,
} from '../auth/auth-schemas.ts';
import {
  clearRefreshCookie,
  refreshCookieFromSameOrigin,
  setRefreshCookie,
} from '../auth/refresh-cookie.ts';

/** A browser's POST without a JSON body leaves `req.body` unset: the same as `{}`. */
const bodyOf = (req: Request): unknown => req.body ?? {};

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
    const tokens = await identity.login(body.email, body.password);
    if (tokens.refreshToken) setRefreshCookie(req, res, tokens.refreshToken);
    res.json(tokens);
  });

  // Scripts (curl) send the token in the body; browsers send the cookie, and get no refresh token
  // back in the body, so a script injected into the page cannot read one out of the answer.
  router.post('/refresh', async (req, res) => {
    const fromBody = parse(refreshBody, bodyOf(req)).refreshToken;
    const refreshToken = fromBody ?? refreshCookieFromSameOrigin(req);
    if (!refreshToken) throw new UnauthorizedError('no refresh token (body or cookie)');
    const tokens = await identity.refresh(refreshToken);
    if (fromBody) {
      res.json(tokens);
      return;
    }
    setRefreshCookie(req, res, tokens.refreshToken ?? refreshToken);
    const { refreshToken: _hidden, ...withoutRefresh } = tokens;
    res.json(withoutRefresh);
  });

  router.post('/logout', async (req, res) => {
    const refreshToken =
      parse(logoutBody, bodyOf(req)).refreshToken ?? refreshCookieFromSameOrigin(req);
    if (refreshToken) await identity.revokeRefreshToken(refreshToken);
    clearRefreshCookie(req, res);
    res.status(204).end();
  });

  router.post('/forgot-password', async (req, res) => {
    const { email } = parse(forgotPasswordBody, req.body);
    await identity.requestPasswordReset(email);
    res.status(202).end();
  });

  router.post('/reset-password', async (req, res) => {
    const body = parse(resetPasswordBody, req.body);
    await identity.resetPassword(body.email, body.code, body.password);
    res.status(204).end();
  });

  return router;
}
