import { ListPartsCommand } from '@aws-sdk/client-s3';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  DynamoVideoRepository,
  SqsJobQueue,
  awsEnvShape,
  createDynamoDocumentClient,
  createSqsClient,
  toAwsSettings,
} from '@videoforge/adapters';
import { startRendition, type Video } from '@videoforge/core';
import { LOST_ON_EVERY_ATTEMPT } from '@videoforge/events';
import {
  ApiClient,
  makeTestClip,
  pollUntil,
  uploadFile,
  type UploadInstructions,
} from '@videoforge/testkit';
import { z } from 'zod';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clientsFor, makeTempDir, removeDir } from './helpers.ts';

interface VideoBody {
  videoId: string;
  status: string;
  renditions: Record<string, { status: string; error?: { code: string; message: string } }>;
}

interface MaintenanceReport {
  schedules: Array<{ task: string; everySeconds?: number }>;
  runs: Array<{ task: string; outcome: string; counts?: Record<string, number> }>;
}

describe('scheduled maintenance on BullMQ heals stuck work and expires abandoned uploads', () => {
  let pipeline: Pipeline;
  let client: ApiClient;
  let admin: ApiClient;
  let dir: string;
  let clip: string;
  let videos: DynamoVideoRepository;
  let jobs: SqsJobQueue;

  const create = async (title: string, sizeBytes: number) =>
    client.createVideo<{ video: VideoBody; upload: UploadInstructions }>(
      { title, filename: 'clip.mp4', contentType: 'video/mp4', sizeBytes, renditions: ['360p'] },
      { checksums: false },
    );

  const video = (videoId: string) => client.request<VideoBody>('GET', `/api/videos/${videoId}`);

  /**
   * Waits for the job the upload Lambda sent and removes it from the queue, as if it were lost.
   * Jobs of earlier tests' videos go too: the reconciler may have sent one of them again while
   * its worker was still on it (a duplicate the worker would have skipped), and no worker is left.
   */
  const loseTheJob = async (videoId: string) => {
    const message = await pollUntil(
      async () => {
        const [received] = await jobs.receive({
          maxMessages: 1,
          waitSeconds: 1,
          visibilitySeconds: 60,
        });
        if (received) await jobs.delete(received.receiptHandle);
        return received;
      },
      (m) => m?.body.includes(videoId) === true,
      { timeoutMs: 15_000 },
    );
    return message?.body ?? '';
  };

  beforeAll(async () => {
    dir = await makeTempDir();
    clip = join(dir, 'clip.mp4');
    await makeTestClip({ path: clip, width: 640, height: 360, durationSec: 2 });
    pipeline = await startPipeline({
      events: true,
      transcoder: false,
      eventsEnv: {
        RECONCILE_AFTER_SECONDS: '3',
        RECONCILE_EVERY_SECONDS: '2',
        EXPIRE_UPLOADS_EVERY_SECONDS: '1',
        // Six seconds: longer than any other test here needs between creating and uploading.
        ABANDONED_UPLOAD_HOURS: String(6 / 3600),
      },
    });
    const aws = toAwsSettings(z.object(awsEnvShape).parse(pipeline.stack.env));
    videos = new DynamoVideoRepository(
      createDynamoDocumentClient(aws),
      pipeline.stack.env.DYNAMODB_TABLE as string,
    );
    jobs = new SqsJobQueue(createSqsClient(aws), pipeline.stack.env.SQS_JOBS_QUEUE_URL as string);
    client = new ApiClient(pipeline.api.url);
    await client.signUpAndLogin(`maintenance-${Date.now()}@example.com`, 'Maint-Passw0rd!');
    const { accessToken } = await new ApiClient(pipeline.api.url).login(
      pipeline.adminEmail,
      pipeline.adminPassword,
    );
    admin = new ApiClient(pipeline.admin.url, accessToken);
  });

  afterAll(async () => {
    await pipeline?.stop();
    await removeDir(dir);
  });

  it('sends again a job that vanished from the queue, and the video ends READY', async () => {
    const { video: created, upload } = await create('lost job', (await stat(clip)).size);
    await uploadFile(upload, clip);
    await loseTheJob(created.videoId);
    // Only this test has a worker: the next one must take its job from the queue itself.
    const worker = await pipeline.startWorker();
    onTestFinished(() => worker.stop(0));

    const ready = await pollUntil(
      async () => (await video(created.videoId)).body,
      (v) => v.status === 'READY',
      { timeoutMs: 60_000 },
    );
    expect(ready.renditions['360p']?.status).toBe('READY');

    const report = await admin.expect<MaintenanceReport>(200, 'GET', '/api/admin/maintenance');
    expect(report.schedules).toEqual(
      expect.arrayContaining([
        { task: 'reconcile-stuck-work', everySeconds: 2, nextRunAt: expect.any(String) },
        { task: 'expire-abandoned-uploads', everySeconds: 1, nextRunAt: expect.any(String) },
      ]),
    );
    expect(
      report.runs.some(
        (r) =>
          r.task === 'reconcile-stuck-work' && r.outcome === 'success' && r.counts !== undefined,
      ),
    ).toBe(true);
    const metrics = await pipeline.events?.registry.getSingleMetricAsString(
      'videoforge_reconciled_total',
    );
    expect(metrics).toMatch(/videoforge_reconciled_total\{kind="requeued"[^}]*\} [1-9]/);
  });

  it('fails, with a reason, a rendition whose worker was lost on every attempt (its job dead-lettered)', async () => {
    const { video: created, upload } = await create('lost three times', (await stat(clip)).size);
    await uploadFile(upload, clip);
    const body = await loseTheJob(created.videoId);
    const jobId = (JSON.parse(body) as { jobId: string }).jobId;
    // What three SIGKILLed attempts leave: the rendition PROCESSING under the job, silent since,
    // and the job in the DLQ.
    const userId = (JSON.parse(body) as { userId: string }).userId;
    const longAgo = new Date(Date.now() - 5 * 60_000).toISOString();
    await videos.update(userId, created.videoId, (v: Video) =>
      startRendition(v, '360p', longAgo, { jobId, messageId: 'killed-3', staleAfterMs: 30_000 }),
    );
    const { sqs } = clientsFor(pipeline.stack.env);
    await sqs.send(
      new SendMessageCommand({ QueueUrl: pipeline.stack.env.SQS_DLQ_URL, MessageBody: body }),
    );

    const failed = await pollUntil(
      async () => (await video(created.videoId)).body,
      (v) => v.status === 'FAILED',
      { timeoutMs: 30_000 },
    );
    expect(failed.renditions['360p']).toMatchObject({
      status: 'FAILED',
      error: LOST_ON_EVERY_ATTEMPT,
    });
    // The dead letter stays for an operator to send again.
    // (Each pass hides the dead letters for a moment while it reads them: ask until it shows.)
    const dlq = await pollUntil(
      () =>
        admin.expect<{ items: Array<{ job: { jobId: string } | null }> }>(
          200,
          'GET',
          '/api/admin/dlq',
        ),
      (list) => list.items.some((i) => i.job?.jobId === jobId),
      { timeoutMs: 15_000 },
    );
    expect(dlq.items.filter((i) => i.job?.jobId === jobId)).toHaveLength(1);
  });

  it('removes an upload abandoned past its time, with its open multipart upload', async () => {
    const { video: created } = await create('never uploaded', 200 * 1024 * 1024);
    const stored = await videos.get(
      (await client.expect<{ userId: string }>(200, 'GET', '/api/me')).userId,
      created.videoId,
    );
    const { uploadId } = stored?.multipartUpload ?? { uploadId: '' };
    const { s3 } = clientsFor(pipeline.stack.env);
    const open = () =>
      s3
        .send(
          new ListPartsCommand({
            Bucket: pipeline.stack.env.S3_BUCKET,
            Key: stored?.sourceKey,
            UploadId: uploadId,
          }),
        )
        .then(
          () => 'open',
          (error: Error) => error.name,
        );
    expect(await open()).toBe('open');

    await pollUntil(
      async () => (await video(created.videoId)).status,
      (status) => status === 404,
      { timeoutMs: 30_000 },
    );
    expect(await open()).toBe('NoSuchUpload');
  });
});
