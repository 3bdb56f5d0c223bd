import type { Express } from 'express';
import type { ClusterInspector, TokenVerifier, VideoCatalog } from '@videoforge/core';
import {
  createServiceApp,
  perUserWriteLimit,
  type Draining,
  requireGroup,
  requireUser,
  type HttpSettings,
  type ReadinessCheck,
} from '@videoforge/http';
import type { Logger, Registry } from '@videoforge/platform';
import type { DeadLetterService } from './operations/dead-letters.ts';
import type { StatsDeps } from './operations/stats.ts';
import type { UserReportDeps } from './operations/user-report.ts';
import { clusterRoutes } from './routes/cluster-routes.ts';
import { maintenanceRoutes } from './routes/maintenance-routes.ts';
import { openApiRoutes } from './routes/openapi-routes.ts';
import type { MaintenanceReader } from './maintenance/maintenance-report.ts';
import { dlqRoutes } from './routes/dlq-routes.ts';
import { statsRoutes } from './routes/stats-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { videoRoutes } from './routes/video-routes.ts';

/** The Cognito group whose members may use the admin service. */
export const ADMIN_GROUP = 'admin';

export interface AdminDeps {
  logger: Logger;
  registry: Registry;
  http: HttpSettings;
  tokens: TokenVerifier;
  users: UserReportDeps;
  catalog: VideoCatalog;
  stats: StatsDeps;
  deadLetters: DeadLetterService;
  cluster: ClusterInspector;
  maintenance: MaintenanceReader;
  readiness: readonly ReadinessCheck[];
  /** Once it starts (SIGTERM), `/readyz` answers 503. */
  draining?: Draining;
}

/** Same paths as behind the ALB (`/api/admin/*`); every one of them is for the admin group only. */
export function createAdminApp(deps: AdminDeps): Express {
  return createServiceApp(deps, (app) => {
    app.use(openApiRoutes());
    app.use(
      '/api/admin',
      requireUser(deps.tokens),
      requireGroup(ADMIN_GROUP),
      perUserWriteLimit(deps.http.writeLimit),
    );
    app.use('/api/admin/users', userRoutes(deps.users));
    app.use('/api/admin/videos', videoRoutes(deps.catalog));
    app.use('/api/admin/stats', statsRoutes(deps.stats));
    app.use('/api/admin/dlq', dlqRoutes(deps.deadLetters, deps.logger));
    app.use('/api/admin/cluster', clusterRoutes(deps.cluster));
    app.use('/api/admin/maintenance', maintenanceRoutes(deps.maintenance));
  });
}
