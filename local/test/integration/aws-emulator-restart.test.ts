import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LocalStack } from '../../src/index.ts';
import { canConnect } from '../../src/net.ts';
import { clientsFor, makeTempDir, removeDir, startTestStack } from './helpers.ts';

let dataDir: string;
let stack: LocalStack;

beforeAll(async () => {
  dataDir = await makeTempDir();
  stack = await startTestStack(dataDir);
});
afterAll(async () => {
  await stack?.stop();
  await removeDir(dataDir);
});

it('comes back on the same port with its objects and messages, and a long poll cut by the crash takes nothing', async () => {
  const { s3, sqs } = clientsFor(stack.env);
  const Bucket = stack.env.S3_BUCKET;
  const QueueUrl = stack.env.SQS_JOBS_QUEUE_URL;
  await s3.send(new PutObjectCommand({ Bucket, Key: 'raw/u/v.mp4', Body: 'video bytes' }));
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'taken before' }));
  const taken = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl, VisibilityTimeout: 600, WaitTimeSeconds: 0 }),
  );
  expect(taken.Messages?.map((m) => m.Body)).toEqual(['taken before']);

  // A worker long-polling an empty queue when the emulator dies (one attempt: no SDK retry).
  const once = new SQSClient({
    region: stack.env.AWS_REGION,
    endpoint: stack.endpoints.aws,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const polling = once
    .send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20, VisibilityTimeout: 600 }))
    .then(
      (answer) => answer.Messages ?? [],
      (error: Error) => error,
    );
  await new Promise((resolve) => setTimeout(resolve, 200));
  const port = Number(new URL(stack.endpoints.aws).port);
  const restarting = stack.restartAwsEmulator(500);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await canConnect(port)).toBe(false);
  const whileDown = await once
    .send(new SendMessageCommand({ QueueUrl, MessageBody: 'lost while down' }))
    .catch((error: Error) => error);
  expect(whileDown).toBeInstanceOf(Error);
  await restarting;
  expect(await polling).toBeInstanceOf(Error);
  await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'sent after' }));

  const object = await s3.send(new GetObjectCommand({ Bucket, Key: 'raw/u/v.mp4' }));
  expect(await object.Body?.transformToString()).toBe('video bytes');
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] }),
  );
  // The message received before the crash is still in flight; the cut long poll took none.
  expect(Attributes).toMatchObject({
    ApproximateNumberOfMessagesNotVisible: '1',
    ApproximateNumberOfMessages: '1',
  });
  const after = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
  expect(after.Messages?.map((m) => m.Body)).toEqual(['sent after']);
});
