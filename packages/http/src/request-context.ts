import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Principal } from '@videoforge/core';
import type { Histogram, Logger } from '@videoforge/platform';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Adopts a well-formed incoming X-Request-Id (from the ALB or a client) or makes one. */
export const requestId: RequestHandler = (req, res, next) => {
  const incoming = req.get('x-request-id');
  const id = incoming && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.set('X-Request-Id', id);
  next();
};

/** Paths probed every few seconds by kubelets and Prometheus: logged at debug, not info. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Gives the request a logger bound to its request id (every line a handler logs carries it) and
 * writes one line when the response is done. Must run after `requestId`.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    captureRouteTemplate(req);
    const log = logger.child({ requestId: res.locals.requestId as string });
    res.locals.log = log;
    const started = performance.now();
    res.on('finish', () => {
      const principal = res.locals.principal as Principal | undefined;
      const line = {
        method: req.method,
        // req.path is relative to the innermost router by now; originalUrl is what the client sent.
        path: req.originalUrl.split('?')[0],
        route: routeTemplate(req),
        status: res.statusCode,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
        userId: principal?.userId,
        errorCode: res.locals.errorCode as string | undefined,
      };
      if (PROBES.has(line.path ?? '')) log.debug(line, 'request');
      else log.info(line, 'request');
    });
    next();
  };
}

/** The request's own logger (with its request id), when `requestLogging` ran. */
export function requestLoggerOf(res: Response): Logger | undefined {
  return res.locals.log as Logger | undefined;
}

/** Records every response under its route template, never the raw path (bounded label values). */
export function httpMetrics(
  histogram: Histogram<'method' | 'route' | 'status_code'>,
): RequestHandler {
  return (req, res, next) => {
    captureRouteTemplate(req);
    const end = histogram.startTimer();
    res.on('finish', () => {
      end({ method: req.method, route: routeTemplate(req), status_code: String(res.statusCode) });
    });
    next();
  };
}

const CAPTURED = Symbol('videoforge.routeTemplate');

/**
 * Remembers the matched route's full template the moment the router picks it. Later (on `finish`,
 * or after an error left the sub-router) `req.baseUrl` is already reset, so `/api/videos/:id`
 * would read as `/:id`. The router announces its pick by assigning `req.route`; a setter catches it.
 */
function captureRouteTemplate(req: Request): void {
  const target = req as Request & { [CAPTURED]?: { template?: string } };
  if (target[CAPTURED]) return;
  const captured: { template?: string } = {};
  target[CAPTURED] = captured;
  let route: unknown;
  Object.defineProperty(req, 'route', {
    configurable: true,
    enumerable: true,
    get: () => route,
    set: (value: { path?: unknown } | undefined) => {
      route = value;
      if (value?.path !== undefined) captured.template = joinTemplate(req.baseUrl, value.path);
    },
  });
}

/** The matched route as a template (`/api/videos/:id`), or `unmatched`. */
export function routeTemplate(req: Request): string {
  const captured = (req as Request & { [CAPTURED]?: { template?: string } })[CAPTURED];
  if (captured?.template) return captured.template;
  return req.route ? joinTemplate(req.baseUrl, req.route.path) : 'unmatched';
}

/** A router's own root route is its mount path (`/api/videos`, not `/api/videos/`). */
function joinTemplate(baseUrl: string, path: unknown): string {
  const route = String(path);
  return route === '/' && baseUrl ? baseUrl : `${baseUrl}${route}`;
}
