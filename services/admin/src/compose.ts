import type { Server } from 'node:http';
import type { Express } from 'express';
import type { KubeConfig } from '@kubernetes/client-node';
import {
  AccessTokenVerifier,
  CognitoUserDirectory,
  DynamoUsageLedger,
  DynamoVideoCatalog,
  S3ObjectStore,
  SqsJobQueue,
  SqsQueueAdmin,
  createCognitoClient,
  createDynamoDocumentClient,
  createS3Client,
  createSqsClient,
  createVideoRepository,
} from '@videoforge/adapters';
import type { ClusterInspector } from '@videoforge/core';
import { Draining, listen } from '@videoforge/http';
import { createMetricsRegistry, type Logger, type Registry } from '@videoforge/platform';
import { ADMIN_GROUP, createAdminApp } from './app.ts';
import { KubernetesClusterInspector, NoCluster } from './cluster/kubernetes-inspector.ts';
import type { AdminConfig } from './config.ts';
import { DeadLetterService } from './operations/dead-letters.ts';
import { BullMaintenanceReader, NoMaintenance } from './maintenance/maintenance-report.ts';
import { registerQueueGauge } from './queue-metrics.ts';

export interface RunningAdmin {
  server: Server;
  app: Express;
  url: string;
  registry: Registry;
  /** Stops at once: requests in flight finish, keep-alive connections are closed. */
  close(): Promise<void>;
  /** SIGTERM: /readyz fails, requests are answered for SHUTDOWN_DRAIN_SECONDS more, then close(). */
  shutdown(): Promise<void>;
}

export interface AdminOverrides {
  /** Talk to this Kubernetes API instead of the in-cluster one (tests, or a laptop with a kubeconfig). */
  kubeConfig?: KubeConfig;
}

/** Composition root: builds every adapter from config, wires the app, and listens. */
export async function startAdmin(
  config: AdminConfig,
  logger: Logger,
  overrides: AdminOverrides = {},
): Promise<RunningAdmin> {
  const registry = createMetricsRegistry('admin');
  const sqs = createSqsClient(config.aws);
  const jobsQueue = new SqsQueueAdmin(sqs, config.jobsQueueUrl);
  const dlq = new SqsQueueAdmin(sqs, config.dlqUrl);
  const dynamo = createDynamoDocumentClient(config.aws);
  const catalog = new DynamoVideoCatalog(dynamo, config.table);
  const usage = new DynamoUsageLedger(dynamo, config.table);
  const users = new CognitoUserDirectory(createCognitoClient(config.aws), config.userPoolId);
  // Redrive writes video states: through the cache, so the api never serves a stale status.
  const repository = createVideoRepository({
    aws: config.aws,
    table: config.table,
    cache: config.cache,
    onCacheError: (error, operation) =>
      logger.warn({ err: error, operation }, 'memcached unavailable'),
  });
  registerQueueGauge(registry, { jobs: jobsQueue, dlq }, logger);
  const maintenance = config.redisUrl
    ? new BullMaintenanceReader(config.redisUrl)
    : new NoMaintenance();

  const draining = new Draining();
  const app = createAdminApp({
    draining,
    logger,
    registry,
    http: config.http,
    tokens: new AccessTokenVerifier(config.tokens),
    users: { users, catalog, groups: [ADMIN_GROUP], usage, quotas: config.quotas },
    catalog,
    stats: { catalog, jobsQueue, dlq },
    deadLetters: new DeadLetterService({
      dlq,
      jobs: new SqsJobQueue(sqs, config.jobsQueueUrl),
      videos: repository.videos,
      users,
      objects: new S3ObjectStore(createS3Client(config.aws), config.bucket),
    }),
    cluster: clusterInspector(config, overrides),
    maintenance,
    readiness: [
      { name: 'dynamodb', check: () => repository.videos.ping() },
      {
        name: 'sqs',
        check: async () => void (await Promise.all([jobsQueue.depth(), dlq.depth()])),
      },
    ],
  });
  const listening = await listen(app, { ...config.http, draining });
  logger.info({ address: listening.url, cluster: config.cluster.inCluster }, 'admin listening');
  return {
    server: listening.server,
    app,
    url: listening.url,
    registry,
    close: async () => {
      await listening.close();
      repository.close();
      await maintenance.close();
    },
    shutdown: async () => {
      const { drainSeconds } = config.http;
      logger.info({ drainSeconds }, 'draining: /readyz answers 503, requests are still served');
      await listening.drainAndClose(drainSeconds);
      repository.close();
      await maintenance.close();
    },
  };
}

function clusterInspector(config: AdminConfig, overrides: AdminOverrides): ClusterInspector {
  const { namespace, transcoderSelector } = config.cluster;
  if (overrides.kubeConfig) {
    const contextNamespace = overrides.kubeConfig.getContextObject(
      overrides.kubeConfig.getCurrentContext(),
    )?.namespace;
    return new KubernetesClusterInspector(overrides.kubeConfig, {
      namespace: namespace ?? contextNamespace ?? 'default',
      transcoderSelector,
    });
  }
  if (!config.cluster.inCluster) {
    return new NoCluster(
      'not running inside a Kubernetes cluster: the cluster view reads the Kubernetes API with the ' +
        "pod's service account (KUBERNETES_SERVICE_HOST and a mounted token), and neither is here",
    );
  }
  return KubernetesClusterInspector.inCluster({
    namespace: namespace ?? 'default',
    transcoderSelector,
  });
}
