import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError, env, parseEnv } from '@videoforge/platform';
import {
  awsEnvShape,
  cacheEnvShape,
  cognitoEnvShape,
  localModeEnvShape,
  localModeProblems,
  quotaEnvShape,
  toAwsSettings,
  toCacheSettings,
  toQuotaSettings,
  toTokenVerifierSettings,
} from '@videoforge/adapters';
import { httpEnvShape, toHttpSettings } from '@videoforge/http';

/** Where Kubernetes mounts a pod's service account (token, CA, namespace). */
const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

const schema = {
  ...awsEnvShape,
  ...cacheEnvShape,
  ...cognitoEnvShape,
  ...httpEnvShape,
  ...localModeEnvShape,
  ...quotaEnvShape,
  LOG_LEVEL: env.logLevel(),
  S3_BUCKET: env.string(),
  SQS_JOBS_QUEUE_URL: env.url(),
  SQS_DLQ_URL: env.url(),
  DYNAMODB_TABLE: env.string(),
  /** BullMQ's Redis, for the maintenance view (optional: without it the view answers 503). */
  REDIS_URL: z
    .url()
    .refine((url) => /^rediss?:\/\//.test(url), 'must be a redis:// or rediss:// URL')
    .optional(),
  /** Set by the kubelet in every pod; its absence means "not in a cluster". */
  KUBERNETES_SERVICE_HOST: z.string().min(1).optional(),
  KUBERNETES_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'must be a Kubernetes namespace name')
    .optional(),
  TRANSCODER_POD_SELECTOR: z
    .string()
    .regex(/^[A-Za-z0-9._/=,!-]{1,256}$/, 'must be a Kubernetes label selector')
    .default('app.kubernetes.io/component=transcoder'),
};

export type AdminConfig = ReturnType<typeof loadAdminConfig>;

/**
 * Reads the admin service's environment once; throws ConfigError listing every bad variable.
 * `serviceAccountDir` is where the in-cluster service account would be (tests point it elsewhere).
 */
export function loadAdminConfig(
  source: NodeJS.ProcessEnv,
  serviceAccountDir = SERVICE_ACCOUNT_DIR,
) {
  const e = parseEnv('admin', schema, source);
  const problems = localModeProblems(e);
  if (problems.length > 0) throw new ConfigError('admin', problems);
  const reject = (problem: string): never => {
    throw new ConfigError('admin', [problem]);
  };
  return {
    http: toHttpSettings(e),
    logLevel: e.LOG_LEVEL,
    aws: toAwsSettings(e),
    bucket: e.S3_BUCKET,
    jobsQueueUrl: e.SQS_JOBS_QUEUE_URL,
    dlqUrl: e.SQS_DLQ_URL,
    table: e.DYNAMODB_TABLE,
    redisUrl: e.REDIS_URL,
    userPoolId: e.COGNITO_USER_POOL_ID,
    tokens: toTokenVerifierSettings(e, reject),
    cache: toCacheSettings(e),
    /** The api enforces these; the user view shows usage against them (same variables). */
    quotas: toQuotaSettings(e),
    cluster: clusterSettings(e, serviceAccountDir),
  };
}

/**
 * In a pod, the kubelet sets KUBERNETES_SERVICE_HOST and mounts the service account token; both
 * are needed for in-cluster access. The namespace defaults to the pod's own.
 */
function clusterSettings(
  e: {
    KUBERNETES_SERVICE_HOST?: string;
    KUBERNETES_NAMESPACE?: string;
    TRANSCODER_POD_SELECTOR: string;
  },
  serviceAccountDir: string,
) {
  const inCluster =
    e.KUBERNETES_SERVICE_HOST !== undefined && existsSync(`${serviceAccountDir}/token`);
  return {
    inCluster,
    namespace: e.KUBERNETES_NAMESPACE ?? readNamespace(serviceAccountDir),
    transcoderSelector: e.TRANSCODER_POD_SELECTOR,
  };
}

function readNamespace(serviceAccountDir: string): string | undefined {
  try {
    return readFileSync(`${serviceAccountDir}/namespace`, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}
