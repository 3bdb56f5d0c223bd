import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { RateLimitedError, type Principal } from '@videoforge/core';

export interface RateLimitSettings {
  /** Requests allowed per window and key. */
  limit: number;
  windowSeconds: number;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Limits each signed-in user's write requests (POST, PUT, PATCH, DELETE); reads pass untouched.
 * Runs after `requireUser`. Over the limit: 429 in the SPEC error shape with `Retry-After`.
 * Counters live in the process, so with N replicas a user gets at most N x limit in the worst case.
 */
export function perUserWriteLimit(settings: RateLimitSettings): RequestHandler {
  return rateLimit({
    windowMs: settings.windowSeconds * 1000,
    limit: settings.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skip: (req) => !WRITE_METHODS.has(req.method),
    keyGenerator: (req, res) => {
      const principal = res.locals.principal as Principal | undefined;
      return principal ? `user:${principal.userId}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
    },
    handler: (_req, _res, next) =>
      next(
        new RateLimitedError(
          `too many write requests: at most ${settings.limit} per ${settings.windowSeconds} s per user`,
        ),
      ),
  });
}

/**
 * Limits requests per client address, for routes without a user yet (sign-up, login): slows
 * password guessing and sign-up floods. Behind the ALB the address comes from X-Forwarded-For.
 */
export function perClientLimit(settings: RateLimitSettings): RequestHandler {
  return rateLimit({
    windowMs: settings.windowSeconds * 1000,
    limit: settings.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(
        new RateLimitedError(
          `too many requests from this address: at most ${settings.limit} per ${settings.windowSeconds} s`,
        ),
      ),
  });
}
