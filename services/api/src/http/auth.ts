import type { Request, RequestHandler } from 'express';
import { UnauthorizedError, type Principal, type TokenVerifier } from '@videoforge/core';

/** Requires a valid Bearer access token; the principal is then available via `principalOf`. */
export function requireUser(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header);
    if (!match?.[1])
      throw new UnauthorizedError('Authorization: Bearer <access token> is required');
    res.locals.principal = await verifier.verifyAccessToken(match[1]);
    res.locals.accessToken = match[1];
    next();
  };
}

export function principalOf(req: Request): Principal {
  const principal = req.res?.locals.principal as Principal | undefined;
  if (!principal) throw new UnauthorizedError();
  return principal;
}

export function accessTokenOf(req: Request): string {
  const token = req.res?.locals.accessToken as string | undefined;
  if (!token) throw new UnauthorizedError();
  return token;
}
