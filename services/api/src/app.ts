import express, { type Express } from 'express';
import helmet from 'helmet';
import type { IdentityProvider, TokenVerifier } from '@videoforge/core';
import { createHttpDurationHistogram, type Logger, type Registry } from '@videoforge/platform';
import { requireUser } from './http/auth.ts';
import { errorHandler, notFoundHandler } from './http/errors.ts';
import { httpMetrics, requestId } from './http/request-context.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { healthRoutes, type ReadinessCheck } from './routes/health-routes.ts';
import { meRoutes } from './routes/me-routes.ts';
import { videoRoutes } from './routes/video-routes.ts';
import type { VideoService } from './videos/video-service.ts';

export interface ApiDeps {
  logger: Logger;
  registry: Registry;
  identity: IdentityProvider;
  tokens: TokenVerifier;
  videos: VideoService;
  readiness: readonly ReadinessCheck[];
}

export function createApiApp(deps: ApiDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 1);
  app.set('query parser', 'simple');
  app.use(requestId);
  app.use(httpMetrics(createHttpDurationHistogram(deps.registry)));
  app.use(helmet());
  app.use(express.json({ limit: '64kb' }));

  app.use(healthRoutes(deps.registry, deps.readiness));
  app.use('/api/auth', authRoutes(deps.identity));
  app.use('/api', requireUser(deps.tokens));
  app.use('/api/me', meRoutes(deps.identity));
  app.use('/api/videos', videoRoutes(deps.videos));

  app.use(notFoundHandler);
  app.use(errorHandler(deps.logger));
  return app;
}
