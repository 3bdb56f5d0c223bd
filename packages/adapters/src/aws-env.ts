import { z } from 'zod';
import type { AwsSettings } from './aws-clients.ts';

/**
 * Environment fragment every deployable that talks to AWS shares. The names are the AWS SDK's own
 * (`AWS_ENDPOINT_URL_<SERVICE>`), so the same variables work for tools outside this project too.
 */
export const awsEnvShape = {
  AWS_REGION: z.string().default('us-east-1'),
  /** Static keys (emulators); unset in the cluster, where the SDK's default chain finds the IRSA role. */
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_ENDPOINT_URL_S3: z.url().optional(),
  AWS_ENDPOINT_URL_SQS: z.url().optional(),
  AWS_ENDPOINT_URL_DYNAMODB: z.url().optional(),
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: z.url().optional(),
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
};

type AwsEnv = z.infer<z.ZodObject<typeof awsEnvShape>>;

export function toAwsSettings(e: AwsEnv): AwsSettings {
  return {
    region: e.AWS_REGION,
    endpoints: {
      s3: e.AWS_ENDPOINT_URL_S3,
      sqs: e.AWS_ENDPOINT_URL_SQS,
      dynamodb: e.AWS_ENDPOINT_URL_DYNAMODB,
      cognito: e.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
    },
    s3ForcePathStyle: e.S3_FORCE_PATH_STYLE,
    credentials:
      e.AWS_ACCESS_KEY_ID && e.AWS_SECRET_ACCESS_KEY
        ? { accessKeyId: e.AWS_ACCESS_KEY_ID, secretAccessKey: e.AWS_SECRET_ACCESS_KEY }
        : undefined,
  };
}

/** The video cache, shared by every deployable that reads or writes videos. */
export const cacheEnvShape = {
  MEMCACHED_SERVERS: z.string().min(1).optional(),
  CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
};

export function toCacheSettings(e: { MEMCACHED_SERVERS?: string; CACHE_TTL_SECONDS: number }) {
  return { servers: e.MEMCACHED_SERVERS, ttlSeconds: e.CACHE_TTL_SECONDS };
}
