import type { Queues } from './provision/queues.ts';
import type { UserPool } from './provision/user-pool.ts';

export interface ServiceEnvInput {
  region: string;
  endpoints: { aws: string; dynamodb: string; cognito: string };
  bucket: string;
  table: string;
  queues: Queues;
  userPool: UserPool;
  issuer: string;
  /** host:port, only when memcached runs. */
  memcached: string | undefined;
  /** redis://host:port, only when Redis runs. */
  redis?: string;
}

/** The static keys of local mode; the S3 emulator checks signed upload URLs with them. */
export const LOCAL_AWS_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** The environment the services read in local mode: only endpoints and names differ from AWS. */
export function buildServiceEnv(input: ServiceEnvInput): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: input.region,
    AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_S3: input.endpoints.aws,
    AWS_ENDPOINT_URL_SQS: input.endpoints.aws,
    AWS_ENDPOINT_URL_DYNAMODB: input.endpoints.dynamodb,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: input.endpoints.cognito,
    S3_FORCE_PATH_STYLE: 'true',
    S3_BUCKET: input.bucket,
    SQS_JOBS_QUEUE_URL: input.queues.jobsQueueUrl,
    SQS_DLQ_URL: input.queues.dlqUrl,
    DYNAMODB_TABLE: input.table,
    COGNITO_USER_POOL_ID: input.userPool.userPoolId,
    COGNITO_CLIENT_ID: input.userPool.clientId,
    COGNITO_ISSUER: input.issuer,
    COGNITO_JWKS_URI: `${input.issuer}/.well-known/jwks.json`,
    // Turns the local-only switches on (auto-confirm, the emulator's issuer, a random playback
    // key); the services refuse them otherwise, and refuse local mode with a non-local endpoint.
    LOCAL_MODE: 'true',
    AUTH_AUTO_CONFIRM: 'true',
  };
  if (input.memcached) env.MEMCACHED_SERVERS = input.memcached;
  if (input.redis) env.REDIS_URL = input.redis;
  return env;
}
