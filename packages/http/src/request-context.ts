import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import type { Principal } from '@videoforge/core';
import { requestLineLogger, type Histogram, type Logger } from '@videoforge/platform';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Adopts a well-formed incoming X-Request-Id (from the ALB or a client) or makes one. */
export const requestId: RequestHandler = (req, res, next) => {
  adoptRequestId(req, res);
  next();
};

function adoptRequestId(req: Request, res: Response): string {
  const incoming = req.headers['x-request-id'];
  const id =
    typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.locals.requestId = id;
  res.setHeader('X-Request-Id', id);
  return id;
}

type DurationHistogram = Histogram<'method' | 'route' | 'status_code'>;

/**
 * `requestId`, `requestLogging` and `httpMetrics` as one middleware with one `finish` listener and
 * one clock: the frame runs them on every request, so they cost one layer instead of three.
 */
export function requestContext(logger: Logger, histogram: DurationHistogram): RequestHandler {
  const lines = requestLineLogger(logger);
  return (req, res, next) => {
    adoptRequestId(req, res);
    captureRouteTemplate(req);
    (res.locals as Record<symbol, unknown>)[BASE_LOGGER] = logger;
    const started = performance.now();
    res.on('finish', () => {
      const route = routeTemplate(req);
      const durationMs = performance.now() - started;
      const labels = { method: req.method, route, status_code: String(res.statusCode) };
      histogram.observe(labels, durationMs / 1000);
      writeRequestLine(lines, req, res, route, durationMs);
    });
    next();
  };
}

/** Paths probed every few seconds by kubelets and Prometheus: logged at debug, not info. */
const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

/** The service's logger, kept on the response until a handler asks for the request's own. */
const BASE_LOGGER = Symbol('videoforge.baseLogger');

/**
 * Gives the request a logger bound to its request id (every line a handler logs carries it) and
 * writes one line when the response is done. Must run after `requestId`. The bound child logger
 * is made only when something asks for it (`requestLoggerOf`): most requests log just their line.
 */
export function requestLogging(logger: Logger): RequestHandler {
  const lines = requestLineLogger(logger);
  return (req, res, next) => {
    captureRouteTemplate(req);
    (res.locals as Record<symbol, unknown>)[BASE_LOGGER] = logger;
    const started = performance.now();
    res.on('finish', () => {
      writeRequestLine(lines, req, res, routeTemplate(req), performance.now() - started);
    });
    next();
  };
}

function writeRequestLine(
  lines: Logger,
  req: Request,
  res: Response,
  route: string,
  durationMs: number,
): void {
  const principal = res.locals.principal as Principal | undefined;
  const line = {
    requestId: res.locals.requestId as string,
    method: req.method,
    // req.path is relative to the innermost router by now; originalUrl is what the client sent.
    path: req.originalUrl.split('?')[0],
    route,
    status: res.statusCode,
    durationMs: Math.round(durationMs * 10) / 10,
    userId: principal?.userId,
    errorCode: res.locals.errorCode as string | undefined,
  };
  if (PROBES.has(line.path ?? '')) lines.debug(line, 'request');
  else lines.info(line, 'request');
}

/** The request's own logger (with its request id), when `requestLogging` ran. */
export function requestLoggerOf(res: Response): Logger | undefined {
  const locals = res.locals as Record<string | symbol, unknown>;
  if (locals.log === undefined && locals[BASE_LOGGER] !== undefined) {
    const base = locals[BASE_LOGGER] as Logger;
    locals.log = base.child({ requestId: locals.requestId as string });
  }
  return locals.log as Logger | undefined;
}

/** Records every response under its route template, never the raw path (bounded label values). */
export function httpMetrics(histogram: DurationHistogram): RequestHandler {
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
const ROUTE = Symbol('videoforge.route');

type Tracked = Request & { [CAPTURED]?: string; [ROUTE]?: Request['route'] };

/** Request prototypes (one per Express app) that already capture route templates. */
const capturing = new WeakSet<object>();

/**
 * Remembers the matched route's full template the moment the router picks it. Later (on `finish`,
 * or after an error left the sub-router) `req.baseUrl` is already reset, so `/api/videos/:id`
 * would read as `/:id`. The router announces its pick by assigning `req.route`; a setter catches
 * it. The setter is put once on the app's request prototype (which mounted apps inherit from),
 * not on every request.
 */
function captureRouteTemplate(req: Request): void {
  const prototype = Object.getPrototypeOf(req) as object;
  if (capturing.has(prototype)) return;
  capturing.add(prototype);
  Object.defineProperty(prototype, 'route', {
    configurable: true,
    enumerable: true,
    get(this: Tracked) {
      return this[ROUTE];
    },
    set(this: Tracked, value: Request['route']) {
      this[ROUTE] = value;
      const path = (value as { path?: unknown } | undefined)?.path;
      if (path !== undefined) this[CAPTURED] = joinTemplate(this.baseUrl, path);
    },
  });
}

/** The matched route as a template (`/api/videos/:id`), or `unmatched`. */
export function routeTemplate(req: Request): string {
  const captured = (req as Tracked)[CAPTURED];
  if (captured) return captured;
  return req.route ? joinTemplate(req.baseUrl, req.route.path) : 'unmatched';
}

/** A router's own root route is its mount path (`/api/videos`, not `/api/videos/`). */
function joinTemplate(baseUrl: string, path: unknown): string {
  const route = String(path);
  return route === '/' && baseUrl ? baseUrl : `${baseUrl}${route}`;
}
