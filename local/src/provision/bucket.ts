import {
  CreateBucketCommand,
  GetBucketVersioningCommand,
  PutBucketVersioningCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { Logger } from '@videoforge/platform';
import { provisionBucketCors } from './bucket-cors.ts';

export async function provisionBucket(s3: S3Client, bucket: string, logger: Logger): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  await enableVersioning(s3, bucket, logger);
  await provisionBucketCors(s3, bucket);
}

/**
 * Production has versioning on. fauxqs 2.4 ignores PutBucketVersioning; the local S3 adds it
 * (emulators/bucket-versioning.ts). The outcome is still checked rather than assumed, since another
 * S3 emulator may not have it.
 */
async function enableVersioning(s3: S3Client, bucket: string, logger: Logger): Promise<void> {
  try {
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    const { Status } = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    if (Status === 'Enabled') return;
    logger.debug({ bucket }, 'the S3 emulator ignores bucket versioning; bucket is unversioned');
  } catch (error) {
    logger.debug(
      { bucket, err: error },
      'the S3 emulator does not support bucket versioning; bucket is unversioned',
    );
  }
}
