import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { loadAdminConfig, startAdmin, type RunningAdmin } from '@videoforge/admin';
import { loadApiConfig, startApi, type RunningApi } from '@videoforge/api';
import { composeUploadProcessor, loadLambdaConfig } from '@videoforge/lambda';
import { loadEventsConfig, startEvents, type RunningEvents } from '@videoforge/events';
import { createLogger, type Logger } from '@videoforge/platform';
import {
  loadTranscoderConfig,
  startTranscoder,
  type MediaToolkit,
  type RunningTranscoder,
} from '@videoforge/transcoder';
import { startLocalStack, type LocalStack } from './index.ts';

export interface PipelineOptions {
  memcached?: boolean;
  /** true: Redis and the events service (webhooks, maintenance) too. Default false. */
  events?: boolean;
  /** true: Redis without the events service (a test starts its own). Default: as `events`. */
  redis?: boolean;
  eventsEnv?: Record<string, string>;
  /** false: no worker (tests that drive the queue themselves). */
  transcoder?: boolean;
  transcoderEnv?: Record<string, string>;
  apiEnv?: Record<string, string>;
  adminEnv?: Record<string, string>;
  /** The Kubernetes API the admin's cluster view reads (a test double); default: none, so 503. */
  kubeConfig?: KubeConfig;
  media?: MediaToolkit;
  logger?: Logger;
}

export interface Pipeline {
  stack: LocalStack;
  api: RunningApi;
  admin: RunningAdmin;
  transcoder?: RunningTranscoder;
  events?: RunningEvents;
  adminEmail: string;
  adminPassword: string;
  logger: Logger;
  /** A worker configured like the pipeline's own (for tests that add or replace workers). */
  startWorker(env?: Record<string, string>, media?: MediaToolkit): Promise<RunningTranscoder>;
  transcoderEnv(extra?: Record<string, string>): Record<string, string>;
  stop(): Promise<void>;
}

const ADMIN_PASSWORD = 'Pipeline-Admin-1';

/**
 * The whole platform in this process on free ports: emulators, the Lambda bridge, the API, the
 * admin service and a worker, each built by its own composition root from the same environment `npm start` gives it.
 */
export async function startPipeline(options: PipelineOptions = {}): Promise<Pipeline> {
  const logger = options.logger ?? createLogger('pipeline', process.env.TEST_LOG_LEVEL ?? 'silent');
  const dir = await mkdtemp(join(tmpdir(), 'videoforge-pipeline-'));
  const stack = await startLocalStack({
    dataDir: join(dir, 'stack'),
    ports: { aws: 0, dynamodb: 0, cognito: 0, memcached: 0, redis: 0 },
    adminPassword: ADMIN_PASSWORD,
    memcached: options.memcached ?? true,
    redis: options.redis ?? options.events ?? false,
    logger,
  });
  const processUpload = composeUploadProcessor(
    loadLambdaConfig({ ...stack.env }),
    logger.child({ component: 'lambda' }),
  );
  stack.setObjectCreatedHandler(async (event) => void (await processUpload(event)));
  const transcoderEnv = (extra: Record<string, string> = {}) => ({
    ...stack.env,
    HEALTH_PORT: '0',
    HEALTH_HOST: '127.0.0.1',
    SCRATCH_DIR: join(dir, 'scratch'),
    RETRY_DELAY_SECONDS: '0',
    FFMPEG_PRESET: 'ultrafast',
    ...options.transcoderEnv,
    ...extra,
  });
  const workers: RunningTranscoder[] = [];
  const startWorker = async (env: Record<string, string> = {}, media = options.media) => {
    const worker = await startTranscoder(
      loadTranscoderConfig(transcoderEnv(env)),
      logger.child({ component: 'transcoder' }),
      { media },
    );
    workers.push(worker);
    return worker;
  };
  const api = await startApi(
    loadApiConfig({ ...stack.env, PORT: '0', HOST: '127.0.0.1', ...options.apiEnv }),
    logger.child({ component: 'api' }),
  );
  const admin = await startAdmin(
    // A directory that holds no service account: the pipeline is never "in a cluster".
    loadAdminConfig({ ...stack.env, PORT: '0', HOST: '127.0.0.1', ...options.adminEnv }, dir),
    logger.child({ component: 'admin' }),
    { kubeConfig: options.kubeConfig },
  );
  const transcoder = options.transcoder === false ? undefined : await startWorker();
  const events = options.events
    ? await startEvents(
        loadEventsConfig({ ...stack.env, PORT: '0', HOST: '127.0.0.1', ...options.eventsEnv }),
        logger.child({ component: 'events' }),
      )
    : undefined;
  return {
    stack,
    api,
    admin,
    transcoder,
    events,
    adminEmail: 'admin@videoforge.local',
    adminPassword: ADMIN_PASSWORD,
    logger,
    startWorker,
    transcoderEnv,
    stop: async () => {
      await Promise.allSettled(workers.map((w) => w.stop(0)));
      await events?.stop();
      await api.close();
      await admin.close();
      await stack.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
