import type { Request, RequestHandler } from 'express';
import {
  ForbiddenError,
  UnauthorizedError,
  type Principal,
  type TokenVerifier,
} from '@videoforge/core';

const BEARER_PREFIX = 'Bearer ';
const MAX_TOKEN_LENGTH = 8192;

/**
 * The token of an `Authorization: Bearer <token>` header. Only its shape is checked here, on every
 * request: the verifier checks the token's characters, and only when it does not already know it.
 */
function bearerTokenOf(header: string | undefined): string | undefined {
  if (header === undefined || !header.startsWith(BEARER_PREFIX)) return undefined;
  const length = header.length - BEARER_PREFIX.length;
  if (length < 1 || length > MAX_TOKEN_LENGTH) return undefined;
  return header.slice(BEARER_PREFIX.length);
}

/**
 * Requires a valid Bearer access token: the verifier checks signature (cached JWKS), issuer, app
 * client, `token_use` and expiry. The principal is then available via `principalOf`.
 */
export function requireUser(verifier: TokenVerifier): RequestHandler {
  return async (req, res, next) => {
    const token = bearerTokenOf(req.headers.authorization);
    if (token === undefined)
      throw new UnauthorizedError('Authorization: Bearer <access token> is required');
    res.locals.principal = await verifier.verifyAccessToken(token);
    res.locals.accessToken = token;
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
