import { z } from 'zod';
import { ConfigError, env, parseEnv } from '@videoforge/platform';
import {
  awsEnvShape,
  cacheEnvShape,
  cognitoEnvShape,
  toAwsSettings,
  toCacheSettings,
  toTokenVerifierSettings,
} from '@videoforge/adapters';
import { httpEnvShape, toHttpSettings } from '@videoforge/http';

const GiB = 1024 ** 3;

const schema = {
  ...awsEnvShape,
  ...cacheEnvShape,
  ...cognitoEnvShape,
  ...httpEnvShape,
  LOG_LEVEL: env.logLevel(),
  S3_BUCKET: env.string(),
  SQS_JOBS_QUEUE_URL: env.url(),
  DYNAMODB_TABLE: env.string(),
  AUTH_AUTO_CONFIRM: env.bool(false),
  /** Per client address and minute on /api/auth/* (sign-up, login, refresh). */
  RATE_LIMIT_AUTH_PER_MINUTE: env.int(100, 1, 1_000_000),
  MAX_UPLOAD_BYTES: env.int(5 * GiB, 1),
  UPLOAD_URL_TTL_SECONDS: env.int(900, 60, 7 * 86_400),
  PLAYBACK_URL_TTL_SECONDS: env.int(3600, 60, 7 * 86_400),
  MULTIPART_THRESHOLD_BYTES: env.int(100 * 1024 * 1024, 5 * 1024 * 1024),
  MULTIPART_PART_BYTES: env.int(16 * 1024 * 1024, 5 * 1024 * 1024),
  PLAYBACK_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
};

export type ApiConfig = ReturnType<typeof loadApiConfig>;

/** Reads the API's environment once; throws ConfigError listing every bad variable. */
export function loadApiConfig(source: NodeJS.ProcessEnv) {
  const e = parseEnv('api', schema, source);
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
    },
    playbackSigningSecret: e.PLAYBACK_SIGNING_SECRET,
  };
}
