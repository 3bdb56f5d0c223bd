import { createPublicKey, verify } from 'node:crypto';
import net from 'node:net';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../src/index.ts';
import {
  ADMIN_PASSWORD,
  clientsFor,
  decodeJwtPart,
  makeTempDir,
  removeDir,
  startTestStack,
} from './helpers.ts';

let dataDir: string;
let stack: LocalStack;
let clients: ReturnType<typeof clientsFor>;

beforeAll(async () => {
  dataDir = await makeTempDir();
  stack = await startTestStack(dataDir);
  clients = clientsFor(stack.env);
});

afterAll(async () => {
  await stack?.stop();
  await removeDir(dataDir);
});

describe('env', () => {
  it('holds exactly the documented variables, all on the loopback', () => {
    const { env } = stack;
    expect(Object.keys(env).sort()).toEqual(
      [
        'AWS_REGION',
        'AWS_ACCESS_KEY_ID',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_ENDPOINT_URL_S3',
        'AWS_ENDPOINT_URL_SQS',
        'AWS_ENDPOINT_URL_DYNAMODB',
        'AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER',
        'S3_FORCE_PATH_STYLE',
        'S3_BUCKET',
        'SQS_JOBS_QUEUE_URL',
        'SQS_DLQ_URL',
        'DYNAMODB_TABLE',
        'COGNITO_USER_POOL_ID',
        'COGNITO_CLIENT_ID',
        'COGNITO_ISSUER',
        'COGNITO_JWKS_URI',
        'LOCAL_MODE',
        'AUTH_AUTO_CONFIRM',
        'MEMCACHED_SERVERS',
      ].sort(),
    );
    expect(env).toMatchObject({
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_ENDPOINT_URL_S3: stack.endpoints.aws,
      AWS_ENDPOINT_URL_SQS: stack.endpoints.aws,
      AWS_ENDPOINT_URL_DYNAMODB: stack.endpoints.dynamodb,
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: stack.endpoints.cognito,
      S3_FORCE_PATH_STYLE: 'true',
      S3_BUCKET: 'videoforge-local',
      DYNAMODB_TABLE: 'videoforge-local',
      LOCAL_MODE: 'true',
      AUTH_AUTO_CONFIRM: 'true',
      MEMCACHED_SERVERS: stack.endpoints.memcached,
    });
    for (const endpoint of [
      stack.endpoints.aws,
      stack.endpoints.dynamodb,
      stack.endpoints.cognito,
    ]) {
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    }
    expect(env.SQS_JOBS_QUEUE_URL).toBe(`${stack.endpoints.aws}/000000000000/videoforge-jobs`);
    expect(env.SQS_DLQ_URL).toBe(`${stack.endpoints.aws}/000000000000/videoforge-jobs-dlq`);
    expect(env.COGNITO_ISSUER).toBe(`${stack.endpoints.cognito}/${env.COGNITO_USER_POOL_ID}`);
    expect(env.COGNITO_JWKS_URI).toBe(`${env.COGNITO_ISSUER}/.well-known/jwks.json`);
  });
});

describe('S3', () => {
  it('has the bucket, which stores and returns objects', async () => {
    const Bucket = stack.env.S3_BUCKET;
    await clients.s3.send(new HeadBucketCommand({ Bucket }));
    await clients.s3.send(
      new PutObjectCommand({ Bucket, Key: 'thumbnails/u1/v1.jpg', Body: 'jpeg bytes' }),
    );
    const object = await clients.s3.send(
      new GetObjectCommand({ Bucket, Key: 'thumbnails/u1/v1.jpg' }),
    );
    expect(await object.Body?.transformToString()).toBe('jpeg bytes');
  });
});

describe('SQS', () => {
  it('has the jobs queue with the SPEC attributes and a redrive policy to the DLQ', async () => {
    const [jobs, dlq] = await Promise.all(
      [stack.env.SQS_JOBS_QUEUE_URL, stack.env.SQS_DLQ_URL].map(async (QueueUrl) => {
        const { Attributes } = await clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
        );
        return Attributes ?? {};
      }),
    );
    expect(jobs).toMatchObject({ VisibilityTimeout: '600', ReceiveMessageWaitTimeSeconds: '20' });
    expect(JSON.parse(jobs?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: dlq?.QueueArn,
      maxReceiveCount: '3',
    });
    expect(dlq?.MessageRetentionPeriod).toBe('1209600');
  });

  it('moves a message received 3 times to the DLQ', async () => {
    const body = `poison-${Date.now()}`;
    await clients.sqs.send(
      new SendMessageCommand({ QueueUrl: stack.env.SQS_JOBS_QUEUE_URL, MessageBody: body }),
    );
    const receive = (QueueUrl: string | undefined, WaitTimeSeconds: number) =>
      clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 0, WaitTimeSeconds }),
      );
    for (let i = 0; i < 3; i++) {
      const { Messages } = await receive(stack.env.SQS_JOBS_QUEUE_URL, 1);
      expect(Messages?.map((m) => m.Body)).toEqual([body]);
    }
    const fourth = await receive(stack.env.SQS_JOBS_QUEUE_URL, 0);
    expect(fourth.Messages ?? []).toEqual([]);
    const dead = await receive(stack.env.SQS_DLQ_URL, 1);
    expect(dead.Messages?.map((m) => m.Body)).toEqual([body]);
  });

  it('hands out queue URLs usable by a client that has no SQS endpoint configured', async () => {
    const quiet = { debug() {}, info() {}, warn() {}, error() {} };
    const bare = new SQSClient({
      region: stack.env.AWS_REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      logger: quiet,
    });
    const sent = await bare.send(
      new SendMessageCommand({ QueueUrl: stack.env.SQS_DLQ_URL, MessageBody: 'via queue url' }),
    );
    expect(sent.MessageId).toBeTruthy();
    bare.destroy();
  });
});

describe('DynamoDB', () => {
  it('has the single table with PK/SK and GSI1', async () => {
    const { Table } = await clients.dynamodb.send(
      new DescribeTableCommand({ TableName: stack.env.DYNAMODB_TABLE }),
    );
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'PK', KeyType: 'HASH' },
      { AttributeName: 'SK', KeyType: 'RANGE' },
    ]);
    const gsi = Table?.GlobalSecondaryIndexes?.find((index) => index.IndexName === 'GSI1');
    expect(gsi?.KeySchema).toEqual([
      { AttributeName: 'GSI1PK', KeyType: 'HASH' },
      { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
    ]);
    // Keys only: progress writes never reach the status index (docs/performance-table.md).
    expect(gsi?.Projection?.ProjectionType).toBe('KEYS_ONLY');
  });
});

describe('Cognito', () => {
  async function adminLogin() {
    const { AuthenticationResult } = await clients.cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.env.COGNITO_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'admin@videoforge.local', PASSWORD: ADMIN_PASSWORD },
      }),
    );
    return AuthenticationResult ?? {};
  }

  it('lets the seeded admin log in, with the admin group in the access token', async () => {
    const { AccessToken = '', IdToken = '' } = await adminLogin();
    const access = decodeJwtPart(AccessToken, 1);
    expect(access).toMatchObject({
      token_use: 'access',
      client_id: stack.env.COGNITO_CLIENT_ID,
      iss: stack.env.COGNITO_ISSUER,
      'cognito:groups': ['admin'],
    });
    expect(decodeJwtPart(IdToken, 1)).toMatchObject({
      email: 'admin@videoforge.local',
      aud: stack.env.COGNITO_CLIENT_ID,
    });
  });

  it('serves the JWKS that verifies its tokens at COGNITO_JWKS_URI', async () => {
    const { AccessToken = '' } = await adminLogin();
    const response = await fetch(stack.env.COGNITO_JWKS_URI ?? '');
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
    const header = decodeJwtPart(AccessToken, 0);
    const jwk = keys.find((key) => key.kid === header.kid);
    expect(jwk).toBeDefined();
    const [head, payload, signature = ''] = AccessToken.split('.');
    const key = createPublicKey({ key: jwk ?? {}, format: 'jwk' });
    expect(
      verify(
        'RSA-SHA256',
        Buffer.from(`${head}.${payload}`),
        key,
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
  });

  // Quirk worth knowing: real Cognito says NotAuthorizedException here; callers must map both to 401.
  it('rejects a wrong password (cognito-local: InvalidPasswordException)', async () => {
    const attempt = clients.cognito.send(
      new InitiateAuthCommand({
        ClientId: stack.env.COGNITO_CLIENT_ID,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'admin@videoforge.local', PASSWORD: 'wrong' },
      }),
    );
    await expect(attempt).rejects.toMatchObject({ name: 'InvalidPasswordException' });
  });
});

describe('memcached', () => {
  it('answers on MEMCACHED_SERVERS', async () => {
    const [host, port] = (stack.env.MEMCACHED_SERVERS ?? '').split(':');
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = net.connect({ host, port: Number(port) }, () => socket.write('version\r\n'));
      socket.once('data', (data) => {
        socket.destroy();
        resolve(data.toString());
      });
      socket.once('error', reject);
    });
    expect(reply).toMatch(/^VERSION /);
  });
});
