import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook as Verifier } from 'standardwebhooks';
import {
  DynamoEventOutbox,
  DynamoVideoRepository,
  createDynamoDocumentClient,
} from '@videoforge/adapters';
import { loadEventsConfig, startEvents, type RunningEvents } from '@videoforge/events';
import { loadApiConfig } from '@videoforge/api';
import {
  ApiClient,
  makeCorruptFile,
  makeTestClip,
  pollUntil,
  startTcpProxy,
  uploadFile,
  type TcpProxy,
  type UploadInstructions,
} from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { makeTempDir, removeDir } from './helpers.ts';
import { WebhookReceiver, type ReceivedDelivery } from './support/webhook-receiver.ts';

interface VideoBody {
  videoId: string;
  status: string;
}

const FAST_DELIVERY = {
  EVENTS_POLL_MS: '100',
  WEBHOOK_RETRY_BASE_SECONDS: '0.2',
  WEBHOOK_RETRY_MAX_SECONDS: '1',
  WEBHOOK_MAX_ATTEMPTS: '5',
};

function verify(secret: string, delivery: ReceivedDelivery): unknown {
  const headers = {
    'webhook-id': String(delivery.headers['webhook-id']),
    'webhook-timestamp': String(delivery.headers['webhook-timestamp']),
    'webhook-signature': String(delivery.headers['webhook-signature']),
  };
  return new Verifier(secret).verify(delivery.body, headers);
}

describe('events: signed webhooks delivered through BullMQ, from an outbox that survives Redis outages', () => {
  let pipeline: Pipeline;
  let events: RunningEvents | undefined;
  let proxy: TcpProxy;
  let receiver: WebhookReceiver;
  let client: ApiClient;
  let dir: string;
  let clip: string;
  let secret: string;
  let webhookId: string;

  const startEventsService = async () => {
    const redisPort = Number(new URL(pipeline.stack.env.REDIS_URL ?? '').port);
    proxy = await startTcpProxy({ host: '127.0.0.1', port: redisPort });
    const env = {
      ...pipeline.stack.env,
      ...FAST_DELIVERY,
      REDIS_URL: `redis://127.0.0.1:${new URL(proxy.url).port}`,
      PORT: '0',
      HOST: '127.0.0.1',
    };
    events = await startEvents(
      loadEventsConfig(env),
      pipeline.logger.child({ component: 'events' }),
    );
  };

  const upload = async (path: string, title: string): Promise<string> => {
    const created = await client.createVideo<{ video: VideoBody; upload: UploadInstructions }>({
      title,
      filename: 'clip.mp4',
      contentType: 'video/mp4',
      sizeBytes: (await import('node:fs/promises').then((fs) => fs.stat(path))).size,
      renditions: ['360p'],
    });
    await uploadFile(created.upload, path);
    return created.video.videoId;
  };

  const settled = (videoId: string) =>
    pollUntil(
      () => client.expect<VideoBody>(200, 'GET', `/api/videos/${videoId}`),
      (v) => v.status === 'READY' || v.status === 'FAILED',
      { timeoutMs: 90_000 },
    );

  beforeAll(async () => {
    dir = await makeTempDir();
    clip = join(dir, 'clip.mp4');
    await makeTestClip({ path: clip, width: 640, height: 360, durationSec: 2 });
    pipeline = await startPipeline({ redis: true, transcoderEnv: { RETRY_DELAY_SECONDS: '0' } });
    await startEventsService();
    receiver = new WebhookReceiver();
    await receiver.start();
    client = new ApiClient(pipeline.api.url);
    await client.signUpAndLogin(`events-${Date.now()}@example.com`, 'Events-Passw0rd!');
    const registered = await client.expect<{ webhook: { id: string }; secret: string }>(
      201,
      'POST',
      '/api/webhooks',
      {
        url: receiver.url('/hooks/main'),
        events: ['video.uploaded', 'rendition.ready', 'video.ready', 'video.failed'],
      },
    );
    secret = registered.secret;
    webhookId = registered.webhook.id;
  });

  afterAll(async () => {
    await events?.stop();
    await proxy?.close();
    await receiver?.close();
    await pipeline?.stop();
    await removeDir(dir);
  });

  it('delivers video.ready on the third attempt to a receiver that answered 500 twice, signed so that it verifies', async () => {
    receiver.answer = (d, earlier) =>
      d.type === 'video.ready' && earlier.filter((e) => e.type === 'video.ready').length < 2
        ? 500
        : 200;
    const videoId = await upload(clip, 'retried');
    expect((await settled(videoId)).status).toBe('READY');

    const attempts = await receiver.waitFor('/hooks/main', 'video.ready', 3);
    expect(attempts).toHaveLength(3);
    // One event id on every retry: receivers drop duplicates by it.
    expect(new Set(attempts.map((a) => a.headers['webhook-id'])).size).toBe(1);
    const payload = verify(secret, attempts[2] as ReceivedDelivery) as {
      type: string;
      data: { videoId: string };
    };
    expect(payload).toMatchObject({ type: 'video.ready', data: { videoId } });
    expect(() =>
      verify(secret, { ...(attempts[2] as ReceivedDelivery), body: '{"type":"x"}' }),
    ).toThrow();
    for (const type of ['video.uploaded', 'rendition.ready']) {
      expect(receiver.of('/hooks/main', type).some((d) => d.body.includes(videoId))).toBe(true);
    }

    const log = await pollUntil(
      () =>
        client.expect<{
          items: Array<{
            event: string;
            status: string;
            attempts: number;
            lastStatusCode?: number;
          }>;
        }>(200, 'GET', `/api/webhooks/${webhookId}/deliveries?limit=20`),
      (l) => l.items.some((i) => i.event === 'video.ready' && i.status === 'DELIVERED'),
      { timeoutMs: 10_000 },
    );
    expect(log.items.find((i) => i.event === 'video.ready')).toMatchObject({
      status: 'DELIVERED',
      attempts: 3,
      lastStatusCode: 200,
    });
  });

  it('sends video.failed with the failure users see when the upload is not a video', async () => {
    const corrupt = join(dir, 'corrupt.mp4');
    await makeCorruptFile(corrupt);
    const videoId = await upload(corrupt, 'corrupt');
    expect((await settled(videoId)).status).toBe('FAILED');
    const [failed] = (await receiver.waitFor('/hooks/main', 'video.failed')).filter((d) =>
      d.body.includes(videoId),
    );
    const payload = verify(secret, failed as ReceivedDelivery) as {
      data: { failure: { code: string; message: string } };
    };
    expect(payload.data.failure.code).toMatch(/^(SOURCE_UNREADABLE|UNSUPPORTED_FORMAT)$/);
    expect(failed?.body).not.toMatch(/ffmpeg|ffprobe|http:\/\//);
  });

  it('loses no event while Redis is unreachable for 30 s during a job', async () => {
    const outbox = new DynamoEventOutbox(
      createDynamoDocumentClient(loadApiConfig({ ...pipeline.stack.env }).aws),
      pipeline.stack.env.DYNAMODB_TABLE as string,
      new DynamoVideoRepository(
        createDynamoDocumentClient(loadApiConfig({ ...pipeline.stack.env }).aws),
        pipeline.stack.env.DYNAMODB_TABLE as string,
      ),
    );
    await proxy.cut();
    const cutAt = Date.now();
    const videoId = await upload(clip, 'during the outage');
    expect((await settled(videoId)).status).toBe('READY');
    // The transitions happened; their events wait in the outbox, in DynamoDB.
    const waiting = await outbox.pending(100);
    const pendingTypes = waiting
      .flatMap((e) => (e.kind === 'video-events' ? e.events : []))
      .map((e) => e.type);
    expect(pendingTypes).toEqual(
      expect.arrayContaining(['video.uploaded', 'rendition.ready', 'video.ready']),
    );
    expect(receiver.received.filter((d) => d.body.includes(videoId))).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 30_000 - (Date.now() - cutAt))));
    await proxy.restore();

    for (const type of ['video.uploaded', 'rendition.ready', 'video.ready']) {
      await pollUntil(
        async () => receiver.of('/hooks/main', type).filter((d) => d.body.includes(videoId)),
        (found) => found.length >= 1,
        { timeoutMs: 30_000 },
      );
    }
    expect(await outbox.pending(100)).toEqual([]);
  }, 150_000);

  it('signs with both secrets during the grace period after a rotation', async () => {
    const { secret: rotated } = await client.expect<{ secret: string }>(
      200,
      'POST',
      `/api/webhooks/${webhookId}/rotate-secret`,
    );
    expect(rotated).not.toBe(secret);
    await client.expect(202, 'POST', `/api/webhooks/${webhookId}/test`);
    const [test] = await receiver.waitFor('/hooks/main', 'webhook.test');
    expect(String(test?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verify(rotated, test as ReceivedDelivery)).toMatchObject({ type: 'webhook.test' });
    expect(verify(secret, test as ReceivedDelivery)).toMatchObject({ type: 'webhook.test' });
  });
});
