import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  awsEnvShape,
  createDynamoDocumentClient,
  DynamoVideoRepository,
  S3ObjectStore,
  SqsJobQueue,
  toAwsSettings,
} from '@videoforge/adapters';
import { parseJobMessage, rawKey, type JobMessage, type Video } from '@videoforge/core';
import {
  composeUploadProcessor,
  createUploadProcessor,
  loadLambdaConfig,
  type S3Event,
} from '@videoforge/lambda';
import { createLogger } from '@videoforge/platform';
import { s3PutBatchEvent } from '@videoforge/testkit';
import { z } from 'zod';
import { startLocalStack, type LocalStack } from '../../src/index.ts';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe('upload Lambda against the emulators', () => {
  let stack: LocalStack;
  let dir: string;
  let s3: S3Client;
  let sqs: SQSClient;
  let videos: DynamoVideoRepository;
  let processEvent: ReturnType<typeof composeUploadProcessor>;
  let counter = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'videoforge-lambda-'));
    const logger = createLogger('lambda-test', 'silent');
    stack = await startLocalStack({
      dataDir: dir,
      ports: { aws: 0, dynamodb: 0, cognito: 0, memcached: 0 },
      adminPassword: 'Lambda-Test-1',
      memcached: false,
      redis: false,
      logger,
    });
    const env: Record<string, string> = { ...stack.env, MAX_UPLOAD_BYTES: '1000' };
    processEvent = composeUploadProcessor(loadLambdaConfig(env), logger);
    s3 = new S3Client({
      region: 'us-east-1',
      endpoint: env.AWS_ENDPOINT_URL_S3,
      forcePathStyle: true,
      credentials,
    });
    sqs = new SQSClient({
      region: 'us-east-1',
      endpoint: env.AWS_ENDPOINT_URL_SQS,
      useQueueUrlAsEndpoint: false,
      credentials,
    });
    videos = new DynamoVideoRepository(
      createDynamoDocumentClient(toAwsSettings(z.object(awsEnvShape).parse(env))),
      env.DYNAMODB_TABLE as string,
    );
  });
  afterAll(async () => {
    s3?.destroy();
    sqs?.destroy();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function pendingVideo(renditions: string[]): Promise<Video> {
    counter++;
    const userId = `user${counter}`;
    const videoId = `0190a0b0-0000-7000-8000-00000000000${counter}`;
    const now = new Date().toISOString();
    const video: Video = {
      videoId,
      userId,
      title: 't',
      description: '',
      status: 'PENDING_UPLOAD',
      sourceKey: rawKey(userId, videoId, 'mp4'),
      sizeBytes: 10,
      contentType: 'video/mp4',
      renditions: Object.fromEntries(
        renditions.map((q) => [q, { status: 'QUEUED', updatedAt: now }]),
      ),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    await videos.create(video);
    return video;
  }

  /** The testkit's real notification, pointed at our bucket and key (encoded the way S3 encodes it). */
  function eventFor(key: string): S3Event {
    const event = s3PutBatchEvent() as S3Event;
    const record = event.Records[0]!;
    record.s3.bucket.name = stack.env.S3_BUCKET as string;
    record.s3.object.key = encodeURIComponent(key).replace(/%2F/g, '/').replace(/%20/g, '+');
    return { Records: [record] };
  }

  async function put(key: string, bytes = 10) {
    await s3.send(
      new PutObjectCommand({ Bucket: stack.env.S3_BUCKET, Key: key, Body: Buffer.alloc(bytes, 1) }),
    );
  }

  async function drainJobs() {
    const out = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: stack.env.SQS_JOBS_QUEUE_URL,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
      }),
    );
    return (out.Messages ?? []).map((m) => parseJobMessage(m.Body ?? ''));
  }

  it('marks the video UPLOADED and enqueues one job per requested rendition; a duplicate event does nothing', async () => {
    const video = await pendingVideo(['720p', '480p']);
    await put(video.sourceKey, 10);
    expect(await processEvent(eventFor(video.sourceKey))).toEqual(['enqueued']);
    const stored = await videos.get(video.userId, video.videoId);
    expect(stored).toMatchObject({ status: 'UPLOADED', sizeBytes: 10 });
    const jobs = await drainJobs();
    expect(jobs.map((j) => (j.ok ? j.job.quality : 'bad')).sort()).toEqual(['480p', '720p']);
    expect(jobs[0]).toMatchObject({
      ok: true,
      job: {
        videoId: video.videoId,
        userId: video.userId,
        key: video.sourceKey,
        bucket: stack.env.S3_BUCKET,
      },
    });

    // S3 delivers at least once: the same record again must not enqueue a second time once work started.
    await videos.update(video.userId, video.videoId, (v) => ({ ...v, status: 'PROCESSING' }));
    expect(await processEvent(eventFor(video.sourceKey))).toEqual(['duplicate']);
    expect(await drainJobs()).toEqual([]);
  });

  it('re-enqueues when an earlier try marked the video but died before enqueueing', async () => {
    const video = await pendingVideo(['720p']);
    await put(video.sourceKey);
    await videos.update(video.userId, video.videoId, (v) => ({ ...v, status: 'UPLOADED' }));
    expect(await processEvent(eventFor(video.sourceKey))).toEqual(['enqueued']);
    expect(await drainJobs()).toHaveLength(1);
  });

  it('ignores keys outside raw/ and keys of the wrong shape', async () => {
    expect(await processEvent(eventFor('transcoded/720p/u/v.mp4'))).toEqual(['ignored']);
    expect(await processEvent(eventFor('raw/u1/not an id.exe'))).toEqual(['ignored']);
    expect(await drainJobs()).toEqual([]);
  });

  it('deletes an upload nobody owns', async () => {
    const key = 'raw/nobody/0190a0b0-0000-7000-8000-0000000000ff.mp4';
    await put(key);
    expect(await processEvent(eventFor(key))).toEqual(['orphan-deleted']);
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: stack.env.S3_BUCKET, Key: key })),
    ).rejects.toMatchObject({ name: 'NotFound' });
  });

  it('rejects an upload over the size limit: video FAILED with the reason, object removed', async () => {
    const video = await pendingVideo(['720p']);
    await put(video.sourceKey, 2000);
    expect(await processEvent(eventFor(video.sourceKey))).toEqual(['rejected']);
    const stored = await videos.get(video.userId, video.videoId);
    expect(stored?.status).toBe('FAILED');
    expect(stored?.failure).toEqual({
      code: 'LIMIT_EXCEEDED',
      message: 'the upload is 2000 bytes, over the 1000 byte limit',
    });
    expect(await drainJobs()).toEqual([]);
  });

  it('processes the good records of a batch and then fails the batch so the platform retries', async () => {
    const video = await pendingVideo(['720p']);
    await put(video.sourceKey);
    const good = eventFor(video.sourceKey).Records[0]!;
    const bad = structuredClone(good);
    bad.s3.bucket.name = 'unreachable';
    const env = stack.env;
    const realStore = new S3ObjectStore(s3, env.S3_BUCKET as string);
    // S3 for the second record's bucket does not answer: that record fails, the first must not.
    const deadS3 = new S3Client({
      region: 'us-east-1',
      endpoint: 'http://127.0.0.1:1',
      forcePathStyle: true,
      credentials,
      maxAttempts: 1,
    });
    const processor = createUploadProcessor({
      videos,
      objectsFor: (bucket) =>
        bucket === 'unreachable' ? new S3ObjectStore(deadS3, bucket) : realStore,
      jobs: new SqsJobQueue(sqs, env.SQS_JOBS_QUEUE_URL as string),
      maxUploadBytes: 1000,
      logger: createLogger('lambda-test', 'silent'),
    });
    await expect(processor({ Records: [good, bad] })).rejects.toThrow(/1 of 2 records failed/);
    deadS3.destroy();
    expect((await videos.get(video.userId, video.videoId))?.status).toBe('UPLOADED');
    expect(await drainJobs()).toHaveLength(1);
  });

  it('sends one job when it fails between its table write and its queue send and is retried, or gets the event twice', async () => {
    const video = await pendingVideo(['720p']);
    await put(video.sourceKey);
    const env = stack.env;
    // The table write goes through; the process dies before its first message is out.
    class StoppedBeforeFirstSend extends SqsJobQueue {
      private failed = false;
      override async send(job: JobMessage): Promise<void> {
        if (!this.failed) {
          this.failed = true;
          throw new Error('the Lambda was stopped before SQS answered');
        }
        await super.send(job);
      }
    }
    const processor = createUploadProcessor({
      videos,
      objectsFor: () => new S3ObjectStore(s3, env.S3_BUCKET as string),
      jobs: new StoppedBeforeFirstSend(sqs, env.SQS_JOBS_QUEUE_URL as string),
      maxUploadBytes: 1000,
      logger: createLogger('lambda-test', 'silent'),
    });
    const event = eventFor(video.sourceKey);
    await expect(processor(event)).rejects.toThrow(/1 of 1 records failed/);
    expect((await videos.get(video.userId, video.videoId))?.status).toBe('UPLOADED');

    // The platform retries the event, and S3 also delivers it once more.
    expect(await processor(event)).toEqual(['enqueued']);
    expect(await processor(event)).toEqual(['enqueued']);
    const jobs = await drainJobs();
    expect(jobs.length).toBeGreaterThan(0);
    // However many messages went out, they are one job: workers run it once (see faults.test.ts).
    const jobIds = new Set(jobs.map((j) => (j.ok ? j.job.jobId : 'bad')));
    expect([...jobIds]).toHaveLength(1);
    expect([...jobIds][0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});
