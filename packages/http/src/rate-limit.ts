import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { RateLimitedError, type Principal } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';

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
  const limitWrites = rateLimit({
    windowMs: settings.windowSeconds * 1000,
    limit: settings.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
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
  // Reads never reach the limiter (rather than its `skip`): they are most requests, and its
  // asynchronous checks would cost each of them a few turns of the event loop.
  return (req, res, next) => {
    if (WRITE_METHODS.has(req.method)) return limitWrites(req, res, next);
    next();
  };
}

export interface ClientLimitOptions {
  /** Where the counts live; default: this process's memory (each replica counts alone). */
  store?: Store;
  /** Where the limiter reports misconfiguration (an unexpected X-Forwarded-For, say). */
  logger?: Logger;
}

/**
 * Limits requests per client address, for routes without a user yet (sign-up, login): slows
 * password guessing and sign-up floods. The address is Express's `req.ip`: behind the ALB, the
 * one the ALB appended to X-Forwarded-For, as far as `trust proxy` (TRUSTED_PROXY_HOPS) allows, so
 * a client cannot pick its own bucket by sending the header itself.
 */
export function perClientLimit(
  settings: RateLimitSettings,
  options: ClientLimitOptions = {},
): RequestHandler {
  return rateLimit({
    windowMs: settings.windowSeconds * 1000,
    limit: settings.limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    ...(options.store && { store: options.store }),
    ...(options.logger && { logger: limiterLogger(options.logger) }),
    handler: (_req, _res, next) =>
      next(
        new RateLimitedError(
          `too many requests from this address: at most ${settings.limit} per ${settings.windowSeconds} s`,
        ),
      ),
  });
}

function limiterLogger(logger: Logger) {
  return {
    error: (error: unknown, message?: string) =>
      logger.error({ err: error }, message ?? 'rate limiter error'),
    warn: (error: unknown, message?: string) =>
      logger.warn({ err: error }, message ?? 'rate limiter warning'),
  };
}
