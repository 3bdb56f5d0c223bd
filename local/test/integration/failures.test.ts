import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newJobMessage } from '@videoforge/core';
import { makeCorruptFile, pollUntil } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clip, counterValue, newUser, tempDir, uploadVideo, waitForVideo } from './support.ts';

describe('failures and duplicates lose nothing and do no work twice', () => {
  let pipeline: Pipeline;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let sqs: SQSClient;

  beforeAll(async () => {
    dir = await tempDir();
    pipeline = await startPipeline();
    sqs = new SQSClient({
      region: pipeline.stack.env.AWS_REGION,
      endpoint: pipeline.stack.env.AWS_ENDPOINT_URL_SQS,
      useQueueUrlAsEndpoint: false,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    sqs?.destroy();
    await pipeline?.stop();
    await dir?.remove();
  });

  async function queueDepth(url: string): Promise<number> {
    const out = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  }

  it('fails a corrupt upload after 3 receives, with the reason, and keeps the job in the DLQ', async () => {
    const user = await newUser(pipeline);
    const corrupt = join(dir.path, 'corrupt.mp4');
    await makeCorruptFile(corrupt, 64 * 1024);
    const created = await uploadVideo(user, corrupt, (await stat(corrupt)).size);

    // The default upload asks for a 720p MP4 and the HLS ladder: two jobs, both must fail for good.
    const failed = await waitForVideo(
      user,
      created.videoId,
      (v) => v.renditions['720p']?.status === 'FAILED' && v.renditions.hls?.status === 'FAILED',
    );
    expect(failed.status).toBe('FAILED');
    expect(failed.renditions['720p']).toMatchObject({ status: 'FAILED', attempts: 3 });
    expect(failed.renditions.hls).toMatchObject({ status: 'FAILED', attempts: 3 });
    // Users get a code and a sentence; ffprobe's own words stay with operators.
    expect(failed.failure).toEqual({
      code: 'SOURCE_UNREADABLE',
      message: 'the file is damaged or incomplete and could not be read',
    });
    expect(JSON.stringify(failed)).not.toMatch(/ffprobe|Invalid data|127\.0\.0\.1|diagnostic/);

    const dlq = pipeline.stack.env.SQS_DLQ_URL as string;
    await pollUntil(
      () => queueDepth(dlq),
      (n) => n === 2,
      { timeoutMs: 30_000 },
    );
    const dead = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: dlq, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }),
    );
    const bodies = (dead.Messages ?? []).map(
      (m) => JSON.parse(m.Body ?? '{}') as { videoId: string; quality: string },
    );
    expect(bodies.map((b) => b.quality).sort()).toEqual(['720p', 'hls']);
    expect(bodies.every((b) => b.videoId === created.videoId)).toBe(true);
    expect(await queueDepth(pipeline.stack.env.SQS_JOBS_QUEUE_URL as string)).toBe(0);
  });

  it('skips a duplicate job for a READY rendition without transcoding again', async () => {
    const user = await newUser(pipeline);
    const source = await clip(dir.path, 'dup.mp4', { width: 640, height: 480, durationSec: 1 });
    const created = await uploadVideo(user, source, (await stat(source)).size, {
      renditions: ['480p'],
    });
    const ready = await waitForVideo(user, created.videoId, (v) => v.status === 'READY');
    const registry = pipeline.transcoder!.registry;
    // The worker counts the job just after it writes READY: wait for that count first.
    const successes = await pollUntil(
      () =>
        counterValue(registry, 'videoforge_transcode_jobs_total', {
          quality: '480p',
          outcome: 'success',
        }),
      (n) => n === 1,
      { timeoutMs: 10_000 },
    );
    const skipsBefore = await counterValue(registry, 'videoforge_transcode_jobs_total', {
      quality: '480p',
      outcome: 'skipped',
    });

    const duplicate = newJobMessage({
      jobId: 'duplicate-1',
      video: {
        videoId: created.videoId,
        userId: user.userId,
        sourceKey: `raw/${user.userId}/${created.videoId}.mp4`,
      },
      target: '480p',
      bucket: pipeline.stack.env.S3_BUCKET as string,
      now: new Date().toISOString(),
    });
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: pipeline.stack.env.SQS_JOBS_QUEUE_URL,
        MessageBody: JSON.stringify(duplicate),
      }),
    );
    await pollUntil(
      () =>
        counterValue(registry, 'videoforge_transcode_jobs_total', {
          quality: '480p',
          outcome: 'skipped',
        }),
      (n) => n === skipsBefore + 1,
      { timeoutMs: 30_000 },
    );
    expect(
      await counterValue(registry, 'videoforge_transcode_jobs_total', {
        quality: '480p',
        outcome: 'success',
      }),
    ).toBe(successes);
    const after = await user.expect<{ renditions: Record<string, { updatedAt: string }> }>(
      200,
      'GET',
      `/api/videos/${created.videoId}`,
    );
    expect(after.renditions['480p']).toEqual(ready.renditions['480p']);
    expect(await queueDepth(pipeline.stack.env.SQS_JOBS_QUEUE_URL as string)).toBe(0);
  });

  it('fails a malformed job message without running ffmpeg and records the reason', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<{ video: { videoId: string } }>(201, 'POST', '/api/videos', {
      title: 'malformed job target',
      filename: 'x.mp4',
      contentType: 'video/mp4',
      sizeBytes: 10,
    });
    const registry = pipeline.transcoder!.registry;
    const failuresBefore = await counterValue(registry, 'videoforge_transcode_jobs_total', {
      quality: 'invalid',
      outcome: 'failure',
    });
    const body = {
      version: 1,
      jobId: 'bad',
      videoId: created.video.videoId,
      userId: user.userId,
      quality: '720p',
      key: '../../etc/passwd',
    };
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: pipeline.stack.env.SQS_JOBS_QUEUE_URL,
        MessageBody: JSON.stringify(body),
      }),
    );
    const failed = await waitForVideo(
      user,
      created.video.videoId,
      (v) => v.renditions['720p']?.status === 'FAILED',
      30_000,
    );
    expect(failed.renditions['720p']?.error).toEqual({
      code: 'INTERNAL',
      message: 'the job could not be read',
    });
    await pollUntil(
      () =>
        counterValue(registry, 'videoforge_transcode_jobs_total', {
          quality: 'invalid',
          outcome: 'failure',
        }),
      (n) => n > failuresBefore,
      { timeoutMs: 10_000 },
    );
  });
});
