import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLUSTER_RBAC_RULES, loadAdminConfig, startAdmin } from '@videoforge/admin';
import { makeCorruptFile, pollUntil, type ApiClient } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { startFakeKubernetes, type FakeKubernetes } from './fake-kubernetes.ts';
import { LogCapture } from './helpers.ts';
import {
  adminClient,
  clip,
  newUser,
  tempDir,
  uploadVideo,
  waitForVideo,
  type ErrorJson,
  type VideoJson,
} from './support.ts';

interface DeadLetter {
  messageId: string;
  receiveCount: number;
  job: { videoId: string; userId: string; quality: string } | null;
  problem?: string;
  failure?: { code: string; message: string };
  diagnostic?: string;
  video: { videoId: string; status: string; renditionStatus?: string } | null;
  owner: { userId: string; email?: string } | null;
  source: { key: string; exists?: boolean; sizeBytes?: number } | null;
}
interface DlqList {
  items: DeadLetter[];
  approximateTotal: number;
}
interface Redrive {
  redriven: Array<{ messageId: string; videoId: string; quality: string }>;
  dropped: Array<{ messageId: string; reason: string }>;
  skipped: Array<{ messageId: string; reason: string }>;
  notFound: string[];
}
type User = ApiClient & { userId: string };

/**
 * The admin service against the whole platform, as an operator uses it. The tests run in order
 * and share one story: a corrupt upload lands in the DLQ, is inspected, redriven (and fails again
 * with the same reason), then succeeds once its source is replaced.
 */
describe('the admin service', () => {
  let pipeline: Pipeline;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let kube: FakeKubernetes;
  let logs: LogCapture;
  let admin: User;
  let owner: User;
  let ownerEmail: string;
  let corrupt: { path: string; size: number };
  let failed: VideoJson;

  beforeAll(async () => {
    dir = await tempDir();
    kube = await startFakeKubernetes();
    logs = new LogCapture();
    pipeline = await startPipeline({ logger: logs.logger, kubeConfig: kube.kubeConfig() });
    admin = await adminClient(pipeline);
    owner = await newUser(pipeline);
    ownerEmail = (await owner.expect<{ email: string }>(200, 'GET', '/api/me')).email;
    const path = join(dir.path, 'corrupt.mp4');
    await makeCorruptFile(path, 64 * 1024);
    corrupt = { path, size: (await stat(path)).size };
  });
  afterAll(async () => {
    await pipeline?.stop();
    await kube?.close();
    await dir?.remove();
  });

  const deadLetters = () => admin.expect<DlqList>(200, 'GET', '/api/admin/dlq');
  const waitForDeadLetters = (count: number) =>
    pollUntil(deadLetters, (list) => list.items.length === count, {
      timeoutMs: 60_000,
      intervalMs: 250,
    });

  async function uploadCorrupt(user: User): Promise<VideoJson> {
    const created = await uploadVideo(user, corrupt.path, corrupt.size, { renditions: ['360p'] });
    return waitForVideo(user, created.videoId, (v) => v.status === 'FAILED');
  }

  it('shows a dead-lettered job with its video, owner, receive count and the worker’s reason', async () => {
    failed = await uploadCorrupt(owner);
    const list = await waitForDeadLetters(1);
    const [dead] = list.items;
    expect(dead).toMatchObject({
      job: { videoId: failed.videoId, userId: owner.userId, quality: '360p' },
      video: { videoId: failed.videoId, status: 'FAILED', renditionStatus: 'FAILED' },
      owner: { userId: owner.userId, email: ownerEmail },
      source: { exists: true, sizeBytes: corrupt.size },
    });
    // Operators see ffprobe's own words (signed URLs redacted); users only the code and sentence.
    expect(dead?.diagnostic).toMatch(/ffprobe cannot read the source/);
    expect(dead?.diagnostic).not.toMatch(/X-Amz-Signature=[^<]/);
    expect(dead?.failure).toEqual(failed.renditions['360p']?.error);
    expect(dead?.failure?.code).toBe('SOURCE_UNREADABLE');
    // 3 receives on the jobs queue, the 4th moved it; looking at it counts too.
    expect(dead?.receiveCount).toBeGreaterThanOrEqual(4);
    // Looking does not consume: the job is still there for the next look.
    expect((await deadLetters()).items.map((d) => d.messageId)).toEqual([dead?.messageId]);
  });

  it('lists users with their video count and stored bytes, and who is an admin', async () => {
    await owner.expect(201, 'POST', '/api/videos', pendingVideo('not uploaded yet'));
    const { items, nextCursor } = await admin.expect<{
      items: Array<{
        userId: string;
        email?: string;
        groups: string[];
        videoCount: number;
        storageBytes: number;
      }>;
      nextCursor: string | null;
    }>(200, 'GET', '/api/admin/users?limit=60');
    expect(nextCursor).toBeNull();
    // The corrupt source counts; a video whose upload never came does not.
    expect(items.find((u) => u.userId === owner.userId)).toMatchObject({
      email: ownerEmail,
      groups: [],
      videoCount: 2,
      storageBytes: corrupt.size,
    });
    expect(items.find((u) => u.userId === admin.userId)).toMatchObject({
      email: pipeline.adminEmail,
      groups: ['admin'],
      videoCount: 0,
      storageBytes: 0,
    });
  });

  it('lists videos by status across users through the status index, newest first, paginated', async () => {
    const other = await newUser(pipeline);
    const first = await other.expect<{ video: VideoJson }>(
      201,
      'POST',
      '/api/videos',
      pendingVideo('a'),
    );
    const second = await other.expect<{ video: VideoJson }>(
      201,
      'POST',
      '/api/videos',
      pendingVideo('b'),
    );
    type Listing = { items: VideoJson[]; nextCursor: string | null };
    const page1 = await admin.expect<Listing>(
      200,
      'GET',
      '/api/admin/videos?status=PENDING_UPLOAD&limit=2',
    );
    expect(page1.items.map((v) => v.videoId)).toEqual([second.video.videoId, first.video.videoId]);
    expect(page1.items[0]).not.toHaveProperty('version');
    const page2 = await admin.expect<Listing>(
      200,
      'GET',
      `/api/admin/videos?status=PENDING_UPLOAD&limit=2&cursor=${page1.nextCursor}`,
    );
    expect(page2.items.map((v) => v.title)).toEqual(['not uploaded yet']);
    const failedList = await admin.expect<Listing>(200, 'GET', '/api/admin/videos?status=FAILED');
    expect(failedList.items.map((v) => v.videoId)).toEqual([failed.videoId]);
    // A cursor belongs to its listing; a missing or unknown status names the field.
    const misuse = await admin.request<ErrorJson>(
      'GET',
      `/api/admin/videos?status=READY&cursor=${page1.nextCursor}`,
    );
    expect([misuse.status, misuse.body.error.field]).toEqual([400, 'cursor']);
    const missing = await admin.request<ErrorJson>('GET', '/api/admin/videos');
    expect([missing.status, missing.body.error.field]).toEqual([400, 'status']);
  });

  it('counts videos, storage, recent jobs and live queue depth, and exports the depth as a gauge', async () => {
    const stats = await admin.expect<{
      videosByStatus: Record<string, number>;
      totalVideos: number;
      storageBytes: number;
      jobs: {
        lastHour: { done: number; failed: number };
        lastDay: { done: number; failed: number };
      };
      queues: {
        jobs: { visible: number; inFlight: number };
        dlq: { visible: number; inFlight: number };
      };
    }>(200, 'GET', '/api/admin/stats');
    expect(stats.videosByStatus).toMatchObject({ PENDING_UPLOAD: 3, FAILED: 1, READY: 0 });
    expect(stats.totalVideos).toBe(4);
    expect(stats.storageBytes).toBe(corrupt.size);
    expect(stats.jobs.lastHour).toEqual({ done: 0, failed: 1 });
    expect(stats.jobs.lastDay).toEqual({ done: 0, failed: 1 });
    expect(stats.queues).toEqual({
      jobs: { visible: 0, inFlight: 0 },
      dlq: { visible: 1, inFlight: 0 },
    });

    const metrics = await (await fetch(`${pipeline.admin.url}/metrics`)).text();
    expect(gauge(metrics, 'dlq', 'visible')).toBe(1);
    expect(gauge(metrics, 'dlq', 'in_flight')).toBe(0);
    expect(gauge(metrics, 'jobs', 'visible')).toBe(0);
    expect(gauge(metrics, 'jobs', 'in_flight')).toBe(0);
  });

  it('redrives a selected job: QUEUED again with a fresh count, it fails with the same reason, and the action is audited', async () => {
    const [dead] = (await deadLetters()).items;
    const response = await admin.request<Redrive>('POST', '/api/admin/dlq/redrive', {
      messageIds: [dead?.messageId],
    });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      redriven: [{ messageId: dead?.messageId, videoId: failed.videoId, quality: '360p' }],
      dropped: [],
      skipped: [],
      notFound: [],
    });
    const again = await waitForVideo(
      owner,
      failed.videoId,
      (v) => v.status === 'FAILED' && updatedAt(v) !== updatedAt(failed),
    );
    // The attempt count started over (3, not 6): the rendition really went back to QUEUED.
    expect(again.renditions['360p']).toMatchObject({ status: 'FAILED', attempts: 3 });
    // The same reason (ffmpeg's log lines carry a pointer that differs per run).
    expect(again.renditions['360p']?.error).toEqual(failed.renditions['360p']?.error);
    await waitForDeadLetters(1);

    const audit = await logs.waitFor(
      (line) => line.audit === true && line.action === 'dlq.redrive',
    );
    expect(audit).toMatchObject({
      actor: { userId: admin.userId },
      targets: { messageIds: [dead?.messageId] },
      outcome: 'ok',
      requestId: response.headers.get('x-request-id'),
    });
    expect(JSON.stringify(audit.result)).toContain(failed.videoId);
  });

  it('redrives everything once the source is replaced, and the job succeeds', async () => {
    const good = await clip(dir.path, 'good.mp4', { width: 640, height: 360, durationSec: 1 });
    const env = pipeline.stack.env;
    const s3 = new S3Client({
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL_S3,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await s3.send(
      new PutObjectCommand({
        Bucket: env.S3_BUCKET,
        Key: `raw/${owner.userId}/${failed.videoId}.mp4`,
        Body: await readFile(good),
        ContentType: 'video/mp4',
      }),
    );
    s3.destroy();
    const result = await admin.expect<Redrive>(200, 'POST', '/api/admin/dlq/redrive', {
      all: true,
    });
    expect(result.redriven.map((r) => r.videoId)).toEqual([failed.videoId]);
    const ready = await waitForVideo(owner, failed.videoId, (v) => v.status === 'READY');
    expect(ready.renditions['360p']).toMatchObject({ status: 'READY', attempts: 1 });
    expect((await deadLetters()).items).toEqual([]);
  });

  it('drops a dead letter whose video was deleted, keeps a malformed one, and reports unknown ids', async () => {
    const doomed = await uploadCorrupt(owner);
    await waitForDeadLetters(1);
    await owner.expect(204, 'DELETE', `/api/videos/${doomed.videoId}`);
    const env = pipeline.stack.env;
    const sqs = new SQSClient({
      region: env.AWS_REGION,
      endpoint: env.AWS_ENDPOINT_URL_SQS,
      useQueueUrlAsEndpoint: false,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: env.SQS_DLQ_URL, MessageBody: 'not a job' }));
    sqs.destroy();

    const list = await waitForDeadLetters(2);
    const malformed = list.items.find((d) => d.job === null);
    expect(malformed).toMatchObject({ problem: 'job body is not JSON', video: null, owner: null });
    expect(list.items.find((d) => d.job !== null)).toMatchObject({
      job: { videoId: doomed.videoId },
      video: null,
      source: { exists: false },
    });

    const result = await admin.expect<Redrive>(200, 'POST', '/api/admin/dlq/redrive', {
      all: true,
    });
    expect(result.redriven).toEqual([]);
    expect(result.dropped.map((d) => d.reason)).toEqual(['the video was deleted']);
    expect(result.skipped).toEqual([
      { messageId: malformed?.messageId, reason: 'job body is not JSON' },
    ]);
    // Nothing was sent to the workers and nothing came back to life.
    const stats = await admin.expect<{ queues: { jobs: { visible: number; inFlight: number } } }>(
      200,
      'GET',
      '/api/admin/stats',
    );
    expect(stats.queues.jobs).toEqual({ visible: 0, inFlight: 0 });
    expect((await owner.request('GET', `/api/videos/${doomed.videoId}`)).status).toBe(404);
    expect((await deadLetters()).items.map((d) => d.messageId)).toEqual([malformed?.messageId]);

    const unknown = '0b8f2a52-1111-4b7c-9d7e-000000000000';
    const missing = await admin.expect<Redrive>(200, 'POST', '/api/admin/dlq/redrive', {
      messageIds: [unknown],
    });
    expect(missing).toEqual({ redriven: [], dropped: [], skipped: [], notFound: [unknown] });
    expect((await deadLetters()).items).toHaveLength(1);
  });

  it('shows deployments, transcoder pods and the KEDA ScaledObject, reading only what the RBAC rules allow', async () => {
    kube.requests.length = 0;
    const view = await admin.expect<{
      namespace: string;
      deployments: unknown[];
      transcoderPods: unknown[];
      scaledObjects: unknown[];
      warnings?: string[];
    }>(200, 'GET', '/api/admin/cluster');
    expect(view.namespace).toBe('videoforge');
    expect(view.deployments).toEqual([
      {
        name: 'api',
        desiredReplicas: 2,
        readyReplicas: 2,
        availableReplicas: 2,
        updatedReplicas: 2,
      },
      {
        name: 'admin',
        desiredReplicas: 1,
        readyReplicas: 1,
        availableReplicas: 1,
        updatedReplicas: 1,
      },
      {
        name: 'transcoder',
        desiredReplicas: 2,
        readyReplicas: 1,
        availableReplicas: 1,
        updatedReplicas: 2,
      },
    ]);
    expect(view.transcoderPods).toEqual([
      {
        name: 'transcoder-7d4b9c-abcde',
        phase: 'Running',
        ready: true,
        restarts: 1,
        startedAt: '2025-01-01T10:00:00.000Z',
        nodeName: 'fargate-ip-10-0-1-23',
      },
      { name: 'transcoder-7d4b9c-fghij', phase: 'Pending', ready: false, restarts: 0 },
    ]);
    expect(view.scaledObjects).toEqual([
      expect.objectContaining({
        name: 'transcoder',
        target: 'Deployment/transcoder',
        minReplicas: 0,
        maxReplicas: 10,
        ready: true,
        active: true,
        paused: false,
        triggers: ['aws-sqs-queue'],
      }),
    ]);
    expect(view.warnings).toBeUndefined();

    // Three reads, each a `list` one of the documented rules grants, with the service account's token.
    expect(kube.requests).toHaveLength(3);
    for (const request of kube.requests) {
      expect(request.method).toBe('GET');
      expect(request.authorization).toBe(`Bearer ${kube.token}`);
      expect(rbacRuleFor(request.path), request.path).toBeDefined();
    }
    expect(kube.requests.find((r) => r.path.endsWith('/pods'))?.query.labelSelector).toBe(
      'app.kubernetes.io/component=transcoder',
    );
  });

  it('answers 503 with the reason when the cluster cannot be read, or there is none', async () => {
    kube.mode = 'no-keda';
    const withoutKeda = await admin.expect<{ scaledObjects: unknown[]; warnings: string[] }>(
      200,
      'GET',
      '/api/admin/cluster',
    );
    expect(withoutKeda.scaledObjects).toEqual([]);
    expect(withoutKeda.warnings).toEqual([expect.stringMatching(/is KEDA installed/)]);

    kube.mode = 'forbidden';
    const forbidden = await admin.request<ErrorJson>('GET', '/api/admin/cluster');
    expect(forbidden.status).toBe(503);
    expect(forbidden.body.error).toMatchObject({ code: 'CLUSTER_UNAVAILABLE' });
    expect(forbidden.body.error.message).toMatch(/answered 403 .*RBAC rules/);
    kube.mode = 'ok';

    const outside = await startAdmin(
      loadAdminConfig({ ...pipeline.stack.env, PORT: '0', HOST: '127.0.0.1' }, dir.path),
      pipeline.logger,
    );
    try {
      const response = await fetch(`${outside.url}/api/admin/cluster`, {
        headers: { authorization: `Bearer ${admin.token}` },
      });
      expect(response.status).toBe(503);
      const body = (await response.json()) as ErrorJson;
      expect(body.error.code).toBe('CLUSTER_UNAVAILABLE');
      expect(body.error.message).toMatch(/not running inside a Kubernetes cluster/);
    } finally {
      await outside.close();
    }
  });

  it('is ready when its dependencies answer', async () => {
    const ready = await fetch(`${pipeline.admin.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});

function updatedAt(video: VideoJson): string | undefined {
  return (video.renditions['360p'] as { updatedAt?: string } | undefined)?.updatedAt;
}

function pendingVideo(title: string) {
  return {
    title,
    filename: 'x.mp4',
    contentType: 'video/mp4',
    sizeBytes: 1000,
    renditions: ['360p'],
  };
}

/** A gauge sample from the Prometheus text format, whatever the label order. */
function gauge(text: string, queue: string, state: string): number | undefined {
  const line = text
    .split('\n')
    .find(
      (l) =>
        l.startsWith('videoforge_queue_messages{') &&
        l.includes(`queue="${queue}"`) &&
        l.includes(`state="${state}"`),
    );
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

/** The documented rule a Kubernetes API path falls under (collection reads only: verb `list`). */
function rbacRuleFor(path: string) {
  const match =
    /^\/apis\/([^/]+)\/[^/]+\/namespaces\/[^/]+\/([^/]+)$/.exec(path) ??
    /^\/api\/()v1\/namespaces\/[^/]+\/([^/]+)$/.exec(path);
  if (!match) return undefined;
  const [, group = '', resource = ''] = match;
  return CLUSTER_RBAC_RULES.find(
    (rule) =>
      (rule.apiGroups as readonly string[]).includes(group) &&
      (rule.resources as readonly string[]).includes(resource) &&
      (rule.verbs as readonly string[]).includes('list'),
  );
}
