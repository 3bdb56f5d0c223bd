import { createLogger } from '@videoforge/platform';
import { loadLambdaConfig } from './config.ts';
import { composeUploadProcessor } from './compose.ts';
import type { S3Event } from './s3-event.ts';

// Built once per Lambda container (cold start) and reused across invocations, as AWS recommends.
const config = loadLambdaConfig(process.env);
const processEvent = composeUploadProcessor(config, createLogger('lambda', config.logLevel));

export async function handler(event: S3Event): Promise<void> {
  await processEvent(event);
}
