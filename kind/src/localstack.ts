import {
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { PutBucketNotificationConfigurationCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { S3Event } from '@videoforge/lambda';
import type { Logger } from '@videoforge/platform';
import { provisionResources } from '@videoforge/local/provision';
import { LOCAL_NAMES } from './config.ts';

/**
 * The `localstack` skaffold profile: LocalStack (it needs an auth token for Cognito) instead of
 * the project's emulators. The same provisioning as `npm start` runs against it; S3 events reach
 * the upload handler through an SQS queue (LocalStack would need Docker-in-cluster to run the
 * Lambda image itself).
 */
export interface LocalStackTarget {
  readonly endpoint: string;
  readonly region: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  readonly logger: Logger;
}

const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };

export async function provisionLocalStack(
  target: LocalStackTarget,
): Promise<Record<string, string>> {
  const { endpoint, region } = target;
  const { queues, userPool } = await provisionResources({
    endpoints: { aws: endpoint, dynamodb: endpoint, cognito: endpoint },
    region,
    names: LOCAL_NAMES,
    adminEmail: target.adminEmail,
    adminPassword: target.adminPassword,
    logger: target.logger,
  });
  const issuer = await issuerOf(target, userPool.clientId);
  return {
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_ENDPOINT_URL_SQS: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    S3_BUCKET: LOCAL_NAMES.bucket,
    SQS_JOBS_QUEUE_URL: queues.jobsQueueUrl,
    SQS_DLQ_URL: queues.dlqUrl,
    DYNAMODB_TABLE: LOCAL_NAMES.table,
    COGNITO_USER_POOL_ID: userPool.userPoolId,
    COGNITO_CLIENT_ID: userPool.clientId,
    // LocalStack's tokens name their own issuer; the keys are served by the in-cluster endpoint.
    COGNITO_ISSUER: issuer,
    COGNITO_JWKS_URI: `${endpoint}/${userPool.userPoolId}/.well-known/jwks.json`,
    LOCAL_MODE: 'true',
    AUTH_AUTO_CONFIRM: 'true',
  };
}

/** The `iss` LocalStack puts in its tokens, read from a real sign-in of the seeded admin. */
async function issuerOf(target: LocalStackTarget, clientId: string): Promise<string> {
  const cognito = new CognitoIdentityProviderClient({
    endpoint: target.endpoint,
    region: target.region,
    credentials,
  });
  try {
    const { AuthenticationResult } = await cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: target.adminEmail, PASSWORD: target.adminPassword },
      }),
    );
    const payload = AuthenticationResult?.AccessToken?.split('.')[1];
    if (!payload) throw new Error('LocalStack returned no access token for the seeded admin');
    return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss: string }).iss;
  } finally {
    cognito.destroy();
  }
}

/**
 * Bucket notifications for `raw/` go to an SQS queue; each S3 event read from it is handed to
 * `handle` (the upload Lambda's processor) and deleted once handled. Runs until `signal` aborts.
 */
export async function runUploadBridge(
  target: LocalStackTarget,
  handle: (event: S3Event) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  const sqs = new SQSClient({
    endpoint: target.endpoint,
    region: target.region,
    credentials,
    useQueueUrlAsEndpoint: false,
  });
  const s3 = new S3Client({
    endpoint: target.endpoint,
    region: target.region,
    credentials,
    forcePathStyle: true,
  });
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: LOCAL_NAMES.uploadsQueue }),
  );
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  await s3.send(
    new PutBucketNotificationConfigurationCommand({
      Bucket: LOCAL_NAMES.bucket,
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            QueueArn: Attributes?.QueueArn,
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'raw/' }] } },
          },
        ],
      },
    }),
  );
  target.logger.info({ queue: QueueUrl }, 'S3 raw/ events -> upload handler');
  while (!signal.aborted) {
    const { Messages = [] } = await sqs
      .send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20, MaxNumberOfMessages: 10 }), {
        abortSignal: signal,
      })
      .catch((error: unknown) => (signal.aborted ? { Messages: [] } : Promise.reject(error)));
    for (const message of Messages) {
      const event = JSON.parse(message.Body ?? '{}') as Partial<S3Event>;
      // S3 sends an s3:TestEvent without Records when the notification is set up.
      if (event.Records) await handle(event as S3Event);
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}
