import { readFileSync } from 'node:fs';

/**
 * A real S3 batch notification (ObjectCreated:Put, then CompleteMultipartUpload), as the upload
 * Lambda receives it. A fresh copy on every call, so a test may point it at its own bucket and key.
 * Typed unknown: the testkit depends on no workspace; callers cast it to the Lambda's S3Event.
 */
export function s3PutBatchEvent(): unknown {
  return JSON.parse(
    readFileSync(new URL('../fixtures/s3-put-batch.json', import.meta.url), 'utf8'),
  ) as unknown;
}
