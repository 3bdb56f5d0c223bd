import type { Express } from 'express';
import type { IdentityProvider, TokenVerifier } from '@videoforge/core';
import {
  createServiceApp,
  openApiHandler,
  perClientLimit,
  type Draining,
  perUserWriteLimit,
  requireUser,
  type ClientLimitOptions,
  type HttpSettings,
  type RateLimitSettings,
  type ReadinessCheck,
} from '@videoforge/http';
import type { Logger, Registry } from '@videoforge/platform';
import { API_DOCUMENT_PATH, apiOpenApiDocument } from './contract/api-document.ts';
import { authRoutes } from './routes/auth-routes.ts';
import { meRoutes } from './routes/me-routes.ts';
import { playbackRoutes, type PlaybackLimits } from './routes/playback-routes.ts';
import { videoRoutes } from './routes/video-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';
import type { HlsPlayback } from './playback/hls-playback.ts';
import type { VideoService } from './videos/video-service.ts';
import type { WebhookService } from './webhooks/webhook-service.ts';

export interface ApiDeps {
  logger: Logger;
  registry: Registry;
  http: HttpSettings;
  /** Per client address on /api/auth/* (sign-up, login: no user yet). */
  authLimit: RateLimitSettings;
  /** Where those attempts are counted; default: in this process. */
  authLimitStore?: ClientLimitOptions['store'];
  identity: IdentityProvider;
  tokens: TokenVerifier;
  videos: VideoService;
  webhooks: WebhookService;
  hls: HlsPlayback;
  /** The public playlist routes' throttle. */
  playbackLimits: PlaybackLimits;
  readiness: readonly ReadinessCheck[];
  /** Once it starts (SIGTERM), `/readyz` answers 503. */
  draining?: Draining;
}

export function createApiApp(deps: ApiDeps): Express {
  return createServiceApp(deps, (app) => {
    const authLimit = perClientLimit(deps.authLimit, {
      store: deps.authLimitStore,
      logger: deps.logger,
    });
    app.use('/api/auth', authLimit, authRoutes(deps.identity));
    app.use('/api/playback', playbackRoutes(deps.hls, deps.playbackLimits));
    app.get(API_DOCUMENT_PATH, openApiHandler(apiOpenApiDocument));
    app.use('/api', requireUser(deps.tokens), perUserWriteLimit(deps.http.writeLimit));
    app.use('/api/me', meRoutes(deps.identity));
    app.use('/api/videos', videoRoutes(deps.videos, deps.hls));
    app.use('/api/webhooks', webhookRoutes(deps.webhooks));
  });
}
