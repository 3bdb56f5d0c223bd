import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ApiClient,
  makeCorruptFile,
  pollUntil,
  uploadFile,
  type UploadInstructions,
} from '@videoforge/testkit';
import type { Pipeline, PipelineOptions } from '../../src/pipeline.ts';
import { clip, waitForVideo, type VideoJson } from '../integration/support.ts';
import type { WebhookReceiver } from '../integration/support/webhook-receiver.ts';

/** What a run handed out that must never reach a log line. */
export interface Secrets {
  passwords: string[];
  tokens: string[];
  urls: string[];
}

export interface ScenarioResult {
  userId: string;
  /** The clip that became READY. */
  video: VideoJson;
  /** The corrupt upload whose jobs failed for good. */
  failed: VideoJson;
  /** The upload nobody finished, which maintenance expired. */
  abandoned: VideoJson;
  webhookId: string;
  secrets: Secrets;
}

const PASSWORD = 'Observe-Passw0rd!';

/**
 * An upload still pending this long after it was created is abandoned. The scenario's real uploads
 * start at once and leave PENDING_UPLOAD within a second or two: well inside it.
 */
const ABANDONED_AFTER_SECONDS = 8;

/** The webhook events the receiver refuses (500) on every attempt: retried once, then failed. */
export const REFUSED_EVENT = 'video.uploaded';

/**
 * The pipeline the scenario runs on: the events service too, fast, so that in a few seconds
 * webhook deliveries are delivered, retried and given up on, and maintenance runs every second.
 */
export const SCENARIO_PIPELINE = {
  events: true,
  eventsEnv: {
    EVENTS_POLL_MS: '100',
    WEBHOOK_RETRY_BASE_SECONDS: '0.2',
    WEBHOOK_RETRY_MAX_SECONDS: '1',
    WEBHOOK_MAX_ATTEMPTS: '2',
    RECONCILE_EVERY_SECONDS: '1',
    EXPIRE_UPLOADS_EVERY_SECONDS: '1',
    ABANDONED_UPLOAD_HOURS: String(ABANDONED_AFTER_SECONDS / 3600),
  },
} as const satisfies PipelineOptions;

/**
 * What an uploader and an operator do in a few seconds: sign up, log in (once with a wrong
 * password), register a webhook (whose receiver refuses every video.uploaded), start an upload
 * and abandon it, upload a 720p clip, watch it until its renditions are READY, play it (MP4 and
 * HLS), edit it, ask for a missing video, refresh the tokens, upload a file that is not a video;
 * the admin reads stats and the DLQ. It ends when maintenance has expired the abandoned upload and
 * the receiver has seen every event of the run (refused ones twice).
 */
export async function runScenario(
  pipeline: Pipeline,
  dir: string,
  receiver: WebhookReceiver,
): Promise<ScenarioResult> {
  const secrets: Secrets = { passwords: [PASSWORD, pipeline.adminPassword], tokens: [], urls: [] };
  const user = new ApiClient(pipeline.api.url);
  const email = `observer-${Date.now()}@example.com`;
  const { userId } = await user.expect<{ userId: string }>(201, 'POST', '/api/auth/signup', {
    email,
    password: PASSWORD,
  });
  const wrong = await user.request('POST', '/api/auth/login', { email, password: 'Wrong-Pass-99' });
  if (wrong.status !== 401) throw new Error(`wrong password answered ${wrong.status}`);
  secrets.passwords.push('Wrong-Pass-99');
  const tokens = await user.expect<{ accessToken: string; idToken: string; refreshToken: string }>(
    200,
    'POST',
    '/api/auth/login',
    { email, password: PASSWORD },
  );
  user.token = tokens.accessToken;
  secrets.tokens.push(tokens.accessToken, tokens.idToken, tokens.refreshToken);

  const hookPath = '/hooks/observer';
  receiver.answer = (delivery) => (delivery.type === REFUSED_EVENT ? 500 : 200);
  const hook = await user.expect<{ webhook: { id: string }; secret: string }>(
    201,
    'POST',
    '/api/webhooks',
    {
      url: receiver.url(hookPath),
      events: [
        'video.uploaded',
        'rendition.ready',
        'rendition.failed',
        'video.ready',
        'video.failed',
        'video.deleted',
      ],
    },
  );
  secrets.tokens.push(hook.secret);
  // Created and never uploaded: expire-abandoned-uploads removes it once it is old enough.
  const abandoned = await user.expect<{ video: VideoJson; upload: UploadInstructions }>(
    201,
    'POST',
    '/api/videos',
    { title: 'abandoned', filename: 'clip.mp4', contentType: 'video/mp4', sizeBytes: 1024 },
  );
  secrets.urls.push(abandoned.upload.url);

  const source = await clip(dir, 'observe.mp4', { width: 1280, height: 720, durationSec: 2 });
  const created = await createAndUpload(user, source, secrets);
  // The default upload asks for a 720p MP4 and the HLS ladder (360p to 720p here).
  const video = await waitForVideo(user, created.videoId, (v) =>
    ['720p', 'hls'].every((q) => v.renditions[q]?.status === 'READY'),
  );

  for (const quality of ['720p', 'hls']) {
    const { url } = await user.expect<{ url: string }>(
      200,
      'GET',
      `/api/videos/${created.videoId}/playback?quality=${quality}`,
    );
    secrets.urls.push(url);
    const response = await fetch(url);
    await response.body?.cancel();
    if (!response.ok) throw new Error(`playback ${quality} answered ${response.status}`);
  }
  await user.expect(200, 'PATCH', `/api/videos/${created.videoId}`, { title: 'observed' });
  await user.expect(200, 'GET', '/api/videos?limit=5');
  await user.expect(404, 'GET', '/api/videos/00000000-0000-7000-8000-000000000000');
  const refreshed = await user.expect<{ accessToken: string }>(200, 'POST', '/api/auth/refresh', {
    refreshToken: tokens.refreshToken,
  });
  secrets.tokens.push(refreshed.accessToken);

  // A file ffmpeg cannot read: both jobs fail 3 times and end in the DLQ.
  const corrupt = join(dir, 'corrupt.mp4');
  await makeCorruptFile(corrupt, 64 * 1024);
  const broken = await createAndUpload(user, corrupt, secrets);
  const failed = await waitForVideo(user, broken.videoId, (v) =>
    ['720p', 'hls'].every((q) => v.renditions[q]?.status === 'FAILED'),
  );

  const admin = new ApiClient(pipeline.api.url);
  const adminTokens = await admin.login(pipeline.adminEmail, pipeline.adminPassword);
  secrets.tokens.push(adminTokens.accessToken);
  const operator = new ApiClient(pipeline.admin.url, adminTokens.accessToken);
  await operator.expect(200, 'GET', '/api/admin/stats');
  await operator.expect(200, 'GET', '/api/admin/dlq');

  const abandonedPath = `/api/videos/${abandoned.video.videoId}`;
  await pollUntil(
    () => user.request('GET', abandonedPath),
    (response) => response.status === 404,
    { timeoutMs: (ABANDONED_AFTER_SECONDS + 15) * 1000, intervalMs: 250 },
  );
  // Two uploads, each refused twice; the rest delivered at the first attempt.
  await receiver.waitFor(hookPath, REFUSED_EVENT, 4);
  for (const type of ['video.ready', 'video.failed', 'video.deleted']) {
    await receiver.waitFor(hookPath, type);
  }
  await receiver.waitFor(hookPath, 'rendition.ready', 2);
  await receiver.waitFor(hookPath, 'rendition.failed', 2);
  return {
    userId,
    video,
    failed,
    abandoned: abandoned.video,
    webhookId: hook.webhook.id,
    secrets,
  };
}

async function createAndUpload(user: ApiClient, path: string, secrets: Secrets) {
  const created = await user.expect<{ video: VideoJson; upload: UploadInstructions }>(
    201,
    'POST',
    '/api/videos',
    {
      title: 'observed clip',
      filename: 'clip.mp4',
      contentType: 'video/mp4',
      sizeBytes: (await stat(path)).size,
    },
  );
  secrets.urls.push(created.upload.url);
  await uploadFile(created.upload, path);
  return created.video;
}
