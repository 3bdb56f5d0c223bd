import type { Request, RequestHandler } from 'express';
import {
  ForbiddenError,
  UnauthorizedError,
  type Principal,
  type TokenVerifier,
} from '@videoforge/core';

const BEARER = /^Bearer ([A-Za-z0-9._~+/=-]{1,8192})$/;

/**
 * Requires a valid Bearer access token: the verifier checks signature (cached JWKS), issuer, app
 * client, `token_use` and expiry. The principal is then available via `principalOf`.
 */
export function requireUser(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const match = BEARER.exec(req.get('authorization') ?? '');
    if (!match?.[1])
      throw new UnauthorizedError('Authorization: Bearer <access token> is required');
    res.locals.principal = await verifier.verifyAccessToken(match[1]);
    res.locals.accessToken = match[1];
    next();
  };
}

/** Requires membership of a Cognito group (the token's `cognito:groups`); runs after requireUser. */
export function requireGroup(group: string): RequestHandler {
  return (req, _res, next) => {
    if (!principalOf(req).groups.includes(group)) {
      throw new ForbiddenError(`only members of the ${group} group may do this`);
    }
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
