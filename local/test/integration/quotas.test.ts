import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCorruptFile, pollUntil } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import {
  adminClient,
  clip,
  newUser,
  tempDir,
  uploadVideo,
  waitForVideo,
  type ErrorJson,
} from './support.ts';

const MiB = 1024 ** 2;
/** Small quotas, so a test reaches them in a few requests (the same for api and admin). */
const QUOTAS = {
  QUOTA_MAX_VIDEOS: '3',
  QUOTA_MAX_STORED_BYTES: String(10 * MiB),
  // 3 media seconds: one 4-second clip uses the day up.
  QUOTA_TRANSCODE_MINUTES_PER_DAY: '0.05',
};
const pending = { title: 'q', filename: 'q.mp4', contentType: 'video/mp4', sizeBytes: 1000 };

interface Allowance {
  used: number;
  limit: number;
}
interface UserRow {
  userId: string;
  quota: { videos: Allowance; storedBytes: Allowance; transcodeMinutesToday: Allowance };
}

describe('per-user quotas and the retry cap', () => {
  let pipeline: Pipeline;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  type User = Awaited<ReturnType<typeof newUser>>;

  beforeAll(async () => {
    dir = await tempDir();
    pipeline = await startPipeline({
      // Multipart from 5 MiB (the smallest part), so a test can abort one within the byte quota.
      apiEnv: {
        ...QUOTAS,
        MAX_RENDITION_REQUEUES: '1',
        MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
      },
      adminEnv: QUOTAS,
      // A corrupt source fails for good on its first receive: the retry test need not wait.
      transcoderEnv: { MAX_RECEIVES: '1' },
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
    await dir?.remove();
  });

  const create = (user: User, body: object = pending) =>
    user.request<ErrorJson & { video: { videoId: string } }>('POST', '/api/videos', body);

  async function quotaOf(userId: string): Promise<UserRow['quota'] | undefined> {
    const admin = await adminClient(pipeline);
    const { items } = await admin.expect<{ items: UserRow[] }>(
      200,
      'GET',
      '/api/admin/users?limit=60',
    );
    return items.find((u) => u.userId === userId)?.quota;
  }

  it('refuses a video past the count with QUOTA_EXCEEDED, and a delete frees exactly one slot', async () => {
    const user = await newUser(pipeline);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await create(user)).body.video.videoId);

    const refused = await create(user);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      message: 'you have 3 of 3 videos; delete some to make room',
    });

    // Two deletes of the same video at once give its slot back once, not twice.
    const deletes = await Promise.all([
      user.request('DELETE', `/api/videos/${ids[0]}`),
      user.request('DELETE', `/api/videos/${ids[0]}`),
    ]);
    expect(deletes.map((d) => d.status)).toContain(204);
    expect((await create(user)).status).toBe(201);
    expect((await create(user)).status).toBe(429);
  });

  it('gives the slot back when a multipart upload is aborted', async () => {
    const user = await newUser(pipeline);
    const created = await create(user, { ...pending, sizeBytes: 6 * MiB });
    expect(created.status).toBe(201);
    expect((await quotaOf(user.userId))?.videos.used).toBe(1);
    const id = created.body.video.videoId;
    expect((await user.request('DELETE', `/api/videos/${id}/upload`)).status).toBe(204);
    expect((await quotaOf(user.userId))?.videos.used).toBe(0);
    expect((await quotaOf(user.userId))?.storedBytes.used).toBe(0);
  });

  it('refuses an upload that would pass the stored bytes, naming the sizes', async () => {
    const user = await newUser(pipeline);
    const refused = await create(user, { ...pending, sizeBytes: 11 * MiB });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('QUOTA_EXCEEDED');
    expect(refused.body.error.message).toBe(
      'this upload of 11 MiB would bring your videos to 11 MiB, over your quota of 10 MiB; ' +
        'delete some videos to make room',
    );
  });

  it('lets exactly one of many parallel creates take the last slot', async () => {
    const user = await newUser(pipeline);
    await create(user);
    await create(user);
    const answers = await Promise.all(Array.from({ length: 8 }, () => create(user)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 429, 429, 429, 429, 429, 429, 429]);
    expect((await user.expect<{ items: unknown[] }>(200, 'GET', '/api/videos')).items).toHaveLength(
      3,
    );
  });

  it("shows each user's usage against quota in the admin's user view", async () => {
    const user = await newUser(pipeline);
    await create(user, { ...pending, sizeBytes: 2 * MiB });
    await create(user, { ...pending, sizeBytes: 1000 });
    expect(await quotaOf(user.userId)).toEqual({
      videos: { used: 2, limit: 3 },
      storedBytes: { used: 2 * MiB + 1000, limit: 10 * MiB },
      transcodeMinutesToday: { used: 0, limit: 0.05 },
    });
  });

  it('refuses asking again for a FAILED rendition past the cap with RETRY_LIMIT_REACHED', async () => {
    const user = await newUser(pipeline);
    const path = join(dir.path, 'corrupt.mp4');
    await makeCorruptFile(path, 64 * 1024);
    const created = await uploadVideo(user, path, (await stat(path)).size, {
      renditions: ['360p'],
    });
    const failed = (v: { renditions: Record<string, { status: string }> }) =>
      v.renditions['360p']?.status === 'FAILED';
    const ask = () =>
      user.request<ErrorJson & { status: string }>(
        'POST',
        `/api/videos/${created.videoId}/renditions`,
        { quality: '360p' },
      );

    await waitForVideo(user, created.videoId, failed);
    const first = await ask();
    expect(first.status).toBe(202);
    expect(first.body.status).toBe('QUEUED');
    await waitForVideo(user, created.videoId, failed);

    const second = await ask();
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('RETRY_LIMIT_REACHED');
    expect(second.body.error.message).toMatch(/at most 1 times/);
    const after = await user.expect<{ renditions: Record<string, { status: string }> }>(
      200,
      'GET',
      `/api/videos/${created.videoId}`,
    );
    expect(after.renditions['360p']?.status).toBe('FAILED');
  });

  it("counts a done job's media minutes, then refuses new work for the day", async () => {
    const user = await newUser(pipeline);
    const source = await clip(dir.path, 'four-seconds.mp4', {
      width: 640,
      height: 360,
      durationSec: 4,
    });
    const created = await uploadVideo(user, source, (await stat(source)).size, {
      renditions: ['360p'],
    });
    await waitForVideo(user, created.videoId, (v) => v.renditions['360p']?.status === 'READY');
    // The worker records the minutes as the job ends, just after the rendition turned READY.
    const quota = await pollUntil(
      () => quotaOf(user.userId),
      (q) => (q?.transcodeMinutesToday.used ?? 0) > 0,
      { timeoutMs: 10_000, intervalMs: 200 },
    );
    expect(quota?.transcodeMinutesToday).toEqual({ used: 0.07, limit: 0.05 });

    const refused = await create(user);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('QUOTA_EXCEEDED');
    expect(refused.body.error.message).toMatch(
      /^you have used 0\.0\d of your 0\.05 transcode minutes today; the allowance resets at 00:00 UTC$/,
    );
    const more = await user.request<ErrorJson>(
      'POST',
      `/api/videos/${created.videoId}/renditions`,
      { quality: '1080p' },
    );
    expect(more.status).toBe(429);
    // Asking for what is done already costs nothing, so it is not refused.
    const again = await user.request('POST', `/api/videos/${created.videoId}/renditions`, {
      quality: '360p',
    });
    expect(again.status).toBe(200);
  });
});
