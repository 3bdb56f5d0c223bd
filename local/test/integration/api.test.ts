import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, uploadFile } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { newUser, waitForVideo, type VideoJson } from './support.ts';

interface Created {
  video: VideoJson & { sourceKey: string };
  upload: { url: string; method: string; headers: Record<string, string> };
}

const newVideo = { title: 'mine', filename: 'clip.mp4', contentType: 'video/mp4', sizeBytes: 2048 };

describe('the video API', () => {
  let pipeline: Pipeline;

  beforeAll(async () => {
    pipeline = await startPipeline({ transcoder: false });
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('answers 401 without a valid token', async () => {
    const anonymous = new ApiClient(pipeline.api.url);
    const response = await anonymous.request<{ error: { code: string } }>('GET', '/api/videos');
    expect(response.status).toBe(401);
    expect(response.body.error.code).toBe('UNAUTHORIZED');
    const forged = new ApiClient(pipeline.api.url, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
    expect((await forged.request('GET', '/api/videos')).status).toBe(401);
  });

  it('rejects bad credentials with 401 and shows the caller who they are', async () => {
    const user = await newUser(pipeline);
    const me = await user.expect<{ userId: string; email: string; groups: string[] }>(
      200,
      'GET',
      '/api/me',
    );
    expect(me.userId).toBe(user.userId);
    expect(me.email).toMatch(/@example\.com$/);
    expect(me.groups).toEqual([]);
    const wrong = await new ApiClient(pipeline.api.url).request('POST', '/api/auth/login', {
      email: me.email,
      password: 'nope-nope',
    });
    expect(wrong.status).toBe(401);
    const admin = new ApiClient(pipeline.api.url);
    await admin.login(pipeline.adminEmail, pipeline.adminPassword);
    expect((await admin.expect<{ groups: string[] }>(200, 'GET', '/api/me')).groups).toContain(
      'admin',
    );
  });

  it('refreshes tokens', async () => {
    const client = new ApiClient(pipeline.api.url);
    await client.signUpAndLogin(`refresh-${Date.now()}@example.com`, 'Passw0rd!-long');
    const tokens = await client.expect<{ refreshToken: string }>(200, 'POST', '/api/auth/login', {
      email: (await client.expect<{ email: string }>(200, 'GET', '/api/me')).email,
      password: 'Passw0rd!-long',
    });
    const refreshed = await client.expect<{ accessToken: string }>(
      200,
      'POST',
      '/api/auth/refresh',
      { refreshToken: tokens.refreshToken },
    );
    client.token = refreshed.accessToken;
    expect((await client.request('GET', '/api/me')).status).toBe(200);
  });

  it('creates a video with an upload URL bound to a key the server chose', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<Created>(201, 'POST', '/api/videos', {
      ...newVideo,
      filename: '../../evil name.MOV',
    });
    expect(created.video.status).toBe('PENDING_UPLOAD');
    expect(created.video.sourceKey).toBe(`raw/${user.userId}/${created.video.videoId}.mov`);
    expect(created.upload).toMatchObject({
      method: 'PUT',
      headers: { 'Content-Type': 'video/mp4', 'Content-Length': '2048' },
    });
    const expiresIn =
      Date.parse((created.upload as unknown as { expiresAt: string }).expiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(14 * 60_000);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60_000);
  });

  it.each([
    [{ ...newVideo, contentType: 'application/pdf' }, 415, 'contentType'],
    [{ ...newVideo, filename: 'clip.exe' }, 415, 'filename'],
    [{ ...newVideo, sizeBytes: 6 * 1024 ** 3 }, 413, 'sizeBytes'],
    [{ ...newVideo, sizeBytes: -1 }, 400, 'sizeBytes'],
    [{ ...newVideo, title: '' }, 400, 'title'],
    [{ ...newVideo, renditions: ['4k'] }, 400, 'renditions.0'],
    [{ ...newVideo, extra: true }, 400, undefined],
  ])('answers bad input %j with %i naming the field', async (body, status, field) => {
    const user = await newUser(pipeline);
    const response = await user.request<{
      error: { code: string; message: string; field?: string };
    }>('POST', '/api/videos', body);
    expect(response.status).toBe(status);
    expect(response.body.error.message).toBeTruthy();
    if (field) expect(response.body.error.field).toBe(field);
  });

  it('answers malformed JSON with 400, not a stack trace', async () => {
    const user = await newUser(pipeline);
    const response = await fetch(`${pipeline.api.url}/api/videos`, {
      method: 'POST',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      body: '{"title":',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'INVALID_JSON' } });
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it("keeps each user's videos to themselves: another user gets 404 everywhere", async () => {
    const owner = await newUser(pipeline);
    const other = await newUser(pipeline);
    const { video } = await owner.expect<Created>(201, 'POST', '/api/videos', newVideo);
    const id = video.videoId;
    expect((await other.request('GET', `/api/videos/${id}`)).status).toBe(404);
    expect((await other.request('PATCH', `/api/videos/${id}`, { title: 'stolen' })).status).toBe(
      404,
    );
    expect((await other.request('DELETE', `/api/videos/${id}`)).status).toBe(404);
    expect((await other.request('GET', `/api/videos/${id}/playback`)).status).toBe(404);
    expect(
      (await other.request('POST', `/api/videos/${id}/renditions`, { quality: '480p' })).status,
    ).toBe(404);
    const list = await other.expect<{ items: VideoJson[] }>(200, 'GET', '/api/videos');
    expect(list.items).toEqual([]);
    expect((await owner.expect<VideoJson>(200, 'GET', `/api/videos/${id}`)).title).toBe('mine');
  });

  it('lists newest first with a cursor, and edits a title', async () => {
    const user = await newUser(pipeline);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (await user.expect<Created>(201, 'POST', '/api/videos', { ...newVideo, title: `v${i}` }))
          .video.videoId,
      );
    const first = await user.expect<{ items: VideoJson[]; nextCursor: string }>(
      200,
      'GET',
      '/api/videos?limit=2',
    );
    expect(first.items.map((v) => v.videoId)).toEqual([ids[2], ids[1]]);
    const second = await user.expect<{ items: VideoJson[] }>(
      200,
      'GET',
      `/api/videos?limit=2&cursor=${first.nextCursor}`,
    );
    expect(second.items.map((v) => v.videoId)).toEqual([ids[0]]);
    expect((await user.request('GET', '/api/videos?cursor=garbage')).status).toBe(400);
    const patched = await user.expect<VideoJson>(200, 'PATCH', `/api/videos/${ids[0]}`, {
      title: 'renamed',
    });
    expect(patched.title).toBe('renamed');
  });

  it('deletes the record and every object of the video', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<Created>(201, 'POST', '/api/videos', {
      ...newVideo,
      sizeBytes: 5,
    });
    const tmp = `${process.env.TMPDIR ?? '/tmp'}/videoforge-5-bytes-${Date.now()}`;
    await import('node:fs/promises').then((fs) => fs.writeFile(tmp, 'abcde'));
    await uploadFile(created.upload, tmp);
    await waitForVideo(user, created.video.videoId, (v) => v.status === 'UPLOADED', 20_000);
    expect((await user.request('DELETE', `/api/videos/${created.video.videoId}`)).status).toBe(204);
    expect((await user.request('GET', `/api/videos/${created.video.videoId}`)).status).toBe(404);
    const s3 = new S3Client({
      region: pipeline.stack.env.AWS_REGION,
      endpoint: pipeline.stack.env.AWS_ENDPOINT_URL_S3,
      forcePathStyle: true,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await expect(
      s3.send(
        new HeadObjectCommand({
          Bucket: pipeline.stack.env.S3_BUCKET,
          Key: created.video.sourceKey,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'NotFound',
    });
    s3.destroy();
  });

  it('shows an approximate queue position while renditions wait for a worker', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<Created>(201, 'POST', '/api/videos', {
      ...newVideo,
      sizeBytes: 5,
    });
    const tmp = `${process.env.TMPDIR ?? '/tmp'}/videoforge-queued-${Date.now()}`;
    await import('node:fs/promises').then((fs) => fs.writeFile(tmp, 'abcde'));
    await uploadFile(created.upload, tmp);
    // No worker runs in this suite: the jobs (720p and hls by default) wait in the queue.
    const queued = await waitForVideo(
      user,
      created.video.videoId,
      (v) => v.status === 'UPLOADED',
      20_000,
    );
    expect(Object.keys(queued.renditions).sort()).toEqual(['720p', 'hls']);
    const view = await user.expect<{ queuePosition?: number }>(
      200,
      'GET',
      `/api/videos/${created.video.videoId}`,
    );
    expect(view.queuePosition).toBeGreaterThanOrEqual(2);
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    expect((await fetch(`${pipeline.api.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${pipeline.api.url}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`${pipeline.api.url}/metrics`)).text();
    expect(metrics).toMatch(/http_request_duration_seconds_bucket\{.*route="\/api\/videos\/:id"/);
    expect(metrics).toMatch(/process_cpu_user_seconds_total/);
    expect(metrics).not.toMatch(/route="\/api\/videos\/[0-9a-f]{8}-/);
  });
});
