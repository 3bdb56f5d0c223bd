import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Histogram } from '@videoforge/platform';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Adopts a well-formed incoming X-Request-Id (from the ALB or a client) or makes one. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.set('X-Request-Id', id);
  next();
};

/** Records every response under its route template, never the raw path (bounded label values). */
export function httpMetrics(
  histogram: Histogram<'method' | 'route' | 'status_code'>,
): RequestHandler {
  return (req, res, next) => {
    const end = histogram.startTimer();
    res.on('finish', () => {
      const route = req.route ? `${req.baseUrl}${String(req.route.path)}` : 'unmatched';
      end({ method: req.method, route, status_code: String(res.statusCode) });
    });
    next();
  };
}
