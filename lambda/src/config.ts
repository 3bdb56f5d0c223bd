import { awsEnvShape, cacheEnvShape, toAwsSettings, toCacheSettings } from '@videoforge/adapters';
import { env, parseEnv } from '@videoforge/platform';

const schema = {
  ...awsEnvShape,
  ...cacheEnvShape,
  LOG_LEVEL: env.logLevel(),
  SQS_JOBS_QUEUE_URL: env.url(),
  DYNAMODB_TABLE: env.string(),
  MAX_UPLOAD_BYTES: env.int(5 * 1024 ** 3, 1),
};

export type LambdaConfig = ReturnType<typeof loadLambdaConfig>;

export function loadLambdaConfig(source: NodeJS.ProcessEnv) {
  const e = parseEnv('lambda', schema, source);
  return {
    logLevel: e.LOG_LEVEL,
    aws: toAwsSettings(e),
    jobsQueueUrl: e.SQS_JOBS_QUEUE_URL,
    table: e.DYNAMODB_TABLE,
    cache: toCacheSettings(e),
    maxUploadBytes: e.MAX_UPLOAD_BYTES,
  };
}
