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
import { DEFAULT_MAX_REQUEUES } from '@videoforge/core';
import { httpEnvShape, toHttpSettings } from '@videoforge/http';
import { LOCAL_TARGET_POLICY, PRODUCTION_TARGET_POLICY } from '@videoforge/webhooks';
import { playbackEnvShape, playbackProblems, toPlaybackSettings } from './playback/playback-env.ts';

const GiB = 1024 ** 3;

const schema = {
  ...awsEnvShape,
  ...cacheEnvShape,
  ...cognitoEnvShape,
  ...httpEnvShape,
  ...localModeEnvShape,
  ...playbackEnvShape,
  ...quotaEnvShape,
  LOG_LEVEL: env.logLevel(),
  S3_BUCKET: env.string(),
  SQS_JOBS_QUEUE_URL: env.url(),
  DYNAMODB_TABLE: env.string(),
  AUTH_AUTO_CONFIRM: env.bool(false),
  /** Per client address and minute on /api/auth/* (sign-up, login, refresh). */
  RATE_LIMIT_AUTH_PER_MINUTE: env.int(100, 1, 1_000_000),
  MAX_UPLOAD_BYTES: env.int(5 * GiB, 1),
  UPLOAD_URL_TTL_SECONDS: env.int(900, 60, 7 * 86_400),
  MULTIPART_THRESHOLD_BYTES: env.int(100 * 1024 * 1024, 5 * 1024 * 1024),
  MULTIPART_PART_BYTES: env.int(16 * 1024 * 1024, 5 * 1024 * 1024),
  /** Three missed sign-of-life writes of the worker (ALIVE_WRITE_SECONDS, 10 s). */
  RENDITION_STALE_SECONDS: env.int(30, 5, 3600),
  MAX_RENDITION_REQUEUES: env.int(DEFAULT_MAX_REQUEUES, 0, 1000),
  WEBHOOK_MAX_PER_USER: env.int(10, 1, 1000),
  /** How long the previous secret keeps signing after a rotation. */
  WEBHOOK_ROTATION_GRACE_SECONDS: env.int(86_400, 0, 30 * 86_400),
};

export type ApiConfig = ReturnType<typeof loadApiConfig>;

/** Reads the API's environment once; throws ConfigError listing every bad variable. */
export function loadApiConfig(source: NodeJS.ProcessEnv) {
  const e = parseEnv('api', schema, source);
  const problems = [...localModeProblems(e), ...autoConfirmProblems(e), ...playbackProblems(e)];
  if (problems.length > 0) throw new ConfigError('api', problems);
  const reject = (problem: string): never => {
    throw new ConfigError('api', [problem]);
  };
  return {
    http: toHttpSettings(e),
    authLimit: { limit: e.RATE_LIMIT_AUTH_PER_MINUTE, windowSeconds: 60 },
    logLevel: e.LOG_LEVEL,
    aws: toAwsSettings(e),
    bucket: e.S3_BUCKET,
    jobsQueueUrl: e.SQS_JOBS_QUEUE_URL,
    table: e.DYNAMODB_TABLE,
    cognito: {
      userPoolId: e.COGNITO_USER_POOL_ID,
      clientId: e.COGNITO_CLIENT_ID,
      autoConfirm: e.AUTH_AUTO_CONFIRM,
    },
    tokens: toTokenVerifierSettings(e, reject),
    cache: toCacheSettings(e),
    limits: {
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      uploadUrlTtlSeconds: e.UPLOAD_URL_TTL_SECONDS,
      playbackUrlTtlSeconds: e.PLAYBACK_URL_TTL_SECONDS,
      multipartThresholdBytes: e.MULTIPART_THRESHOLD_BYTES,
      multipartPartBytes: e.MULTIPART_PART_BYTES,
      maxRenditionRequeues: e.MAX_RENDITION_REQUEUES,
      renditionStaleSeconds: e.RENDITION_STALE_SECONDS,
    },
    quotas: toQuotaSettings(e),
    playback: toPlaybackSettings(e),
    webhooks: {
      maxPerUser: e.WEBHOOK_MAX_PER_USER,
      rotationGraceSeconds: e.WEBHOOK_ROTATION_GRACE_SECONDS,
      // Receivers on this machine or its network are for local development only.
      targetPolicy: e.LOCAL_MODE ? LOCAL_TARGET_POLICY : PRODUCTION_TARGET_POLICY,
    },
  };
}

/** Auto-confirm skips proving the email: a local-only switch. */
function autoConfirmProblems(e: { AUTH_AUTO_CONFIRM: boolean; LOCAL_MODE: boolean }): string[] {
  return e.AUTH_AUTO_CONFIRM && !e.LOCAL_MODE
    ? [
        'AUTH_AUTO_CONFIRM=true is local-only (sign-ups confirmed without the emailed code): it needs LOCAL_MODE=true',
      ]
    : [];
}
