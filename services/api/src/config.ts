import { z } from 'zod';
import { ConfigError, env, parseEnv } from '@videoforge/platform';
import {
  awsEnvShape,
  cacheEnvShape,
  toAwsSettings,
  toCacheSettings,
  type TokenVerifierSettings,
} from '@videoforge/adapters';

const GiB = 1024 ** 3;

const schema = {
  ...awsEnvShape,
  ...cacheEnvShape,
  PORT: env.port(8080),
  HOST: z.string().default('0.0.0.0'),
  LOG_LEVEL: env.logLevel(),
  S3_BUCKET: env.string(),
  SQS_JOBS_QUEUE_URL: env.url(),
  DYNAMODB_TABLE: env.string(),
  COGNITO_USER_POOL_ID: env.string(),
  COGNITO_CLIENT_ID: env.string(),
  COGNITO_ISSUER: env.optionalUrl(),
  COGNITO_JWKS_URI: env.optionalUrl(),
  AUTH_AUTO_CONFIRM: env.bool(false),
  MAX_UPLOAD_BYTES: env.int(5 * GiB, 1),
  UPLOAD_URL_TTL_SECONDS: env.int(900, 60, 7 * 86_400),
  PLAYBACK_URL_TTL_SECONDS: env.int(3600, 60, 7 * 86_400),
};

export type ApiConfig = ReturnType<typeof loadApiConfig>;

/** Reads the API's environment once; throws ConfigError listing every bad variable. */
export function loadApiConfig(source: NodeJS.ProcessEnv) {
  const e = parseEnv('api', schema, source);
  return {
    http: { port: e.PORT, host: e.HOST },
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
    tokens: tokenSettings(e),
    cache: toCacheSettings(e),
    limits: {
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      uploadUrlTtlSeconds: e.UPLOAD_URL_TTL_SECONDS,
      playbackUrlTtlSeconds: e.PLAYBACK_URL_TTL_SECONDS,
    },
  };
}

/** A set issuer means a non-AWS issuer (the local emulator) with its own JWKS; otherwise Cognito's. */
function tokenSettings(e: {
  COGNITO_ISSUER?: string;
  COGNITO_JWKS_URI?: string;
  COGNITO_USER_POOL_ID: string;
  COGNITO_CLIENT_ID: string;
}): TokenVerifierSettings {
  if (!e.COGNITO_ISSUER) {
    return { kind: 'cognito', userPoolId: e.COGNITO_USER_POOL_ID, clientId: e.COGNITO_CLIENT_ID };
  }
  if (!e.COGNITO_JWKS_URI) {
    throw new ConfigError('api', ['COGNITO_JWKS_URI is required when COGNITO_ISSUER is set']);
  }
  return {
    kind: 'jwks',
    issuer: e.COGNITO_ISSUER,
    jwksUri: e.COGNITO_JWKS_URI,
    clientId: e.COGNITO_CLIENT_ID,
  };
}
