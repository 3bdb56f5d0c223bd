import express, { type Express } from 'express';
import { createHttpDurationHistogram, type Logger, type Registry } from '@videoforge/platform';
import { corsAllowList } from './cors.ts';
import type { Draining } from './draining.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { healthRoutes, type ReadinessCheck } from './health-routes.ts';
import type { HttpSettings } from './http-env.ts';
import { jsonBody } from './json-body.ts';
import { requestContext } from './request-context.ts';
import { securityHeaders } from './security-headers.ts';

export interface ServiceAppCommon {
  logger: Logger;
  registry: Registry;
  http: HttpSettings;
  readiness: readonly ReadinessCheck[];
  /** Shared with `listen`: once it starts, `/readyz` answers 503. Default: readiness ignores shutdown. */
  draining?: Draining;
}

/**
 * The frame every HTTP service shares: request ids, request logs and metrics (one layer), security
 * headers, CORS, the JSON body limit and health routes before its own routes; 404 and the error
 * mapper after.
 */
export function createServiceApp(
  common: ServiceAppCommon,
  mountRoutes: (app: Express) => void,
): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', common.http.trustedProxyHops);
  app.set('query parser', 'simple');
  app.use(requestContext(common.logger, createHttpDurationHistogram(common.registry)));
  app.use(securityHeaders());
  app.use(corsAllowList(common.http.corsOrigins));
  app.use(jsonBody());
  app.use(healthRoutes(common.registry, common.readiness, common.draining));
  mountRoutes(app);
  app.use(notFoundHandler);
  app.use(errorHandler(common.logger));
  return app;
}
