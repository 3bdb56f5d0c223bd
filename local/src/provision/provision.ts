import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '@videoforge/platform';
import { provisionBucket } from './bucket.ts';
import { emulatorClientConfig } from './client-config.ts';
import { provisionQueues, type Queues } from './queues.ts';
import { provisionTable } from './table.ts';
import { provisionUserPool, type UserPool } from './user-pool.ts';

export interface ProvisionInput {
  endpoints: { aws: string; dynamodb: string; cognito: string };
  region: string;
  names: { bucket: string; jobsQueue: string; dlq: string; table: string };
  adminEmail: string;
  adminPassword: string;
  logger: Logger;
}

export interface Provisioned {
  queues: Queues;
  userPool: UserPool;
}

/** Creates the bucket, queues, table and user pool the services expect, all at once. */
export async function provisionResources(input: ProvisionInput): Promise<Provisioned> {
  const { endpoints, region, names } = input;
  const s3 = new S3Client({ ...emulatorClientConfig(endpoints.aws, region), forcePathStyle: true });
  const sqs = new SQSClient({
    ...emulatorClientConfig(endpoints.aws, region),
    useQueueUrlAsEndpoint: false,
  });
  const dynamodb = new DynamoDBClient(emulatorClientConfig(endpoints.dynamodb, region));
  const cognito = new CognitoIdentityProviderClient(
    emulatorClientConfig(endpoints.cognito, region),
  );
  try {
    const [, queues, , userPool] = await Promise.all([
      inContext(`bucket ${names.bucket}`, provisionBucket(s3, names.bucket, input.logger)),
      inContext(`queues ${names.jobsQueue}, ${names.dlq}`, provisionQueues(sqs, names)),
      inContext(`table ${names.table}`, provisionTable(dynamodb, names.table)),
      inContext('user pool', provisionUserPool(cognito, input)),
    ]);
    return { queues, userPool };
  } finally {
    for (const client of [s3, sqs, dynamodb, cognito]) client.destroy();
  }
}

async function inContext<T>(what: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw new Error(
      `creating ${what} failed: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
}
