import type { RequestHandler } from 'express';
import cors from 'cors';

/**
 * Cross-origin access for browsers on the listed origins only (exact `scheme://host[:port]`
 * matches, no wildcards). Other origins get no CORS headers, so browsers refuse the response;
 * an empty list means same-origin only. Preflights are answered here, before authentication.
 */
export function corsAllowList(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}
