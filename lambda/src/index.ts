export { composeUploadProcessor } from './compose.ts';
export { loadLambdaConfig, type LambdaConfig } from './config.ts';
export { createUploadProcessor, type RecordOutcome } from './upload-processor.ts';
export { uploadJobId } from '@videoforge/core';
export { decodeS3Key, type S3Event, type S3EventRecord } from './s3-event.ts';
