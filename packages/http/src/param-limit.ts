import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import { RateLimitedError } from '@videoforge/core';
import type { RateLimitSettings } from './rate-limit.ts';

/**
 * Limits requests per value of a route parameter: a capability in the path (a playback token)
 * that anyone holding the link can replay. Mount it on a path that declares `param`. Counts live
 * in this process.
 */
export function perParamLimit(param: string, settings: RateLimitSettings): RequestHandler {
  return rateLimit({
    windowMs: settings.windowSeconds * 1000,
    limit: settings.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${param}:${String(req.params[param])}`,
    handler: (_req, _res, next) =>
      next(
        new RateLimitedError(
          `too many requests with this ${param}: at most ${settings.limit} per ${settings.windowSeconds} s`,
        ),
      ),
  });
}
