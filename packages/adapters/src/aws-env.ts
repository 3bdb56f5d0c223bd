import { z } from 'zod';
import type { AwsSettings } from './aws-clients.ts';

/**
 * Environment fragment every deployable that talks to AWS shares. The names are the AWS SDK's own
 * (`AWS_ENDPOINT_URL_<SERVICE>`), so the same variables work for tools outside this project too.
 */
export const awsEnvShape = {
  AWS_REGION: z.string().default('us-east-1'),
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
  };
}
