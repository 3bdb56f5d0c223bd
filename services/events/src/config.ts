import { z } from 'zod';
import {
  awsEnvShape,
  cacheEnvShape,
  localModeEnvShape,
  localModeProblems,
  toAwsSettings,
  toCacheSettings,
} from '@videoforge/adapters';
import { ConfigError, env, parseEnv } from '@videoforge/platform';

const redisUrl = z
  .url()
  .refine((url) => /^rediss?:\/\//.test(url), 'must be a redis:// or rediss:// URL');

const schema = {
  ...awsEnvShape,
  ...cacheEnvShape,
  ...localModeEnvShape,
  LOG_LEVEL: env.logLevel(),
  PORT: env.port(9200),
  HOST: z.string().default('0.0.0.0'),
  S3_BUCKET: env.string(),
  SQS_JOBS_QUEUE_URL: env.url(),
  SQS_DLQ_URL: env.url(),
  DYNAMODB_TABLE: env.string(),
  REDIS_URL: redisUrl,
  EVENTS_POLL_MS: env.int(1000, 50, 60_000),
  WEBHOOK_MAX_ATTEMPTS: env.int(12, 1, 100),
  WEBHOOK_RETRY_BASE_SECONDS: z.coerce.number().min(0.01).max(86_400).default(30),
  WEBHOOK_RETRY_MAX_SECONDS: z.coerce
    .number()
    .min(0.01)
    .max(7 * 86_400)
    .default(6 * 3600),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(60).default(10),
  WEBHOOK_DISABLE_AFTER_FAILURES: env.int(50, 1, 100_000),
  WEBHOOK_DELIVERY_CONCURRENCY: env.int(16, 1, 256),
  ABANDONED_UPLOAD_HOURS: z.coerce
    .number()
    .min(0.001)
    .max(24 * 365)
    .default(24),
  RECONCILE_AFTER_SECONDS: env.int(900, 1, 30 * 86_400),
  RECONCILE_EVERY_SECONDS: env.int(300, 1, 86_400),
  EXPIRE_UPLOADS_EVERY_SECONDS: env.int(3600, 1, 7 * 86_400),
  SHUTDOWN_GRACE_SECONDS: env.int(20, 0, 3600),
};

export type EventsConfig = ReturnType<typeof loadEventsConfig>;

export function loadEventsConfig(source: NodeJS.ProcessEnv) {
  const e = parseEnv('events', schema, source);
  const problems = localModeProblems(e);
  if (!e.LOCAL_MODE && e.REDIS_URL.startsWith('redis://')) {
    problems.push('REDIS_URL must use rediss:// (TLS) outside LOCAL_MODE');
  }
  if (e.WEBHOOK_RETRY_BASE_SECONDS > e.WEBHOOK_RETRY_MAX_SECONDS) {
    problems.push('WEBHOOK_RETRY_BASE_SECONDS must not exceed WEBHOOK_RETRY_MAX_SECONDS');
  }
  if (problems.length > 0) throw new ConfigError('events', problems);
  return {
    logLevel: e.LOG_LEVEL,
    health: { port: e.PORT, host: e.HOST },
    aws: toAwsSettings(e),
    bucket: e.S3_BUCKET,
    jobsQueueUrl: e.SQS_JOBS_QUEUE_URL,
    dlqUrl: e.SQS_DLQ_URL,
    table: e.DYNAMODB_TABLE,
    /** Maintenance writes go through the cache, so the api never serves what they changed. */
    cache: toCacheSettings(e),
    redisUrl: e.REDIS_URL,
    pollMs: e.EVENTS_POLL_MS,
    delivery: {
      maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      backoff: {
        baseMs: e.WEBHOOK_RETRY_BASE_SECONDS * 1000,
        maxMs: e.WEBHOOK_RETRY_MAX_SECONDS * 1000,
      },
      timeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
      disableAfterFailures: e.WEBHOOK_DISABLE_AFTER_FAILURES,
      concurrency: e.WEBHOOK_DELIVERY_CONCURRENCY,
      /** Local mode delivers to receivers on this machine or its private network. */
      policy: { allowLoopback: e.LOCAL_MODE, allowPrivate: e.LOCAL_MODE },
    },
    maintenance: {
      abandonedUploadMs: e.ABANDONED_UPLOAD_HOURS * 3600_000,
      reconcileAfterMs: e.RECONCILE_AFTER_SECONDS * 1000,
      reconcileEveryMs: e.RECONCILE_EVERY_SECONDS * 1000,
      expireUploadsEveryMs: e.EXPIRE_UPLOADS_EVERY_SECONDS * 1000,
    },
    shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS,
  };
}
