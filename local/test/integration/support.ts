import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiClient, makeTestClip, pollUntil, requireBinary, uploadFile } from '@videoforge/testkit';
import type { Registry } from '@videoforge/platform';
import type { Pipeline } from '../../src/pipeline.ts';

export interface VideoJson {
  videoId: string;
  status: string;
  failure?: { code: string; message: string };
  renditions: Record<
    string,
    {
      status: string;
      key?: string;
      error?: { code: string; message: string };
      skipReason?: string;
      attempts?: number;
      sizeBytes?: number;
      progress?: number;
    }
  >;
  title: string;
  width?: number;
  height?: number;
  durationSec?: number;
}

let userCounter = 0;

export async function newUser(pipeline: Pipeline): Promise<ApiClient & { userId: string }> {
  const client = new ApiClient(pipeline.api.url);
  userCounter++;
  const { userId } = await client.signUpAndLogin(
    `user${userCounter}-${Date.now()}@example.com`,
    'Passw0rd!-long',
  );
  return Object.assign(client, { userId });
}

export async function tempDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'videoforge-test-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

export async function clip(
  dir: string,
  name: string,
  opts: { width: number; height: number; durationSec: number },
) {
  requireBinary('ffmpeg');
  const path = join(dir, name);
  await makeTestClip({ path, audio: true, ...opts });
  return path;
}

/** Creates a video through the API and PUTs the file to its presigned URL, as a user would. */
export async function uploadVideo(
  client: ApiClient,
  path: string,
  sizeBytes: number,
  extra: Record<string, unknown> = {},
): Promise<VideoJson> {
  const created = await client.expect<{
    video: VideoJson;
    upload: { url: string; method: string; headers: Record<string, string> };
  }>(201, 'POST', '/api/videos', {
    title: 'test clip',
    filename: 'clip.mp4',
    contentType: 'video/mp4',
    sizeBytes,
    ...extra,
  });
  await uploadFile(created.upload, path);
  return created.video;
}

export function waitForVideo(
  client: ApiClient,
  videoId: string,
  done: (video: VideoJson) => boolean,
  timeoutMs = 90_000,
  onValue?: (video: VideoJson) => void,
): Promise<VideoJson> {
  return pollUntil(() => client.expect<VideoJson>(200, 'GET', `/api/videos/${videoId}`), done, {
    timeoutMs,
    intervalMs: 100,
    onValue,
  });
}

/** The current value of a counter series in a prom-client registry (0 when absent). */
export async function counterValue(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (!metric) return 0;
  const { values } = await metric.get();
  const match = values.find((v) =>
    Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want),
  );
  return match?.value ?? 0;
}

/** A client of the admin service, signed in (through the api) as the seeded admin account. */
export async function adminClient(pipeline: Pipeline): Promise<ApiClient & { userId: string }> {
  const login = new ApiClient(pipeline.api.url);
  const { accessToken } = await login.login(pipeline.adminEmail, pipeline.adminPassword);
  const me = await login.expect<{ userId: string }>(200, 'GET', '/api/me');
  return Object.assign(new ApiClient(pipeline.admin.url, accessToken), { userId: me.userId });
}

/** The SPEC error shape, with nothing else in it (no stack, no internals). */
export interface ErrorJson {
  error: { code: string; message: string; field?: string; requestId?: string };
}
