import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  NotFoundError,
  QuotaExceededError,
  usageDay,
  type Video,
} from '@videoforge/core';
import { aVideo } from '@videoforge/testkit';
import { USER, videoServiceFixture } from './support/video-service-fixture.ts';

const at = '2026-11-30T09:00:00.000Z';

/** A fixture holding one video of USER's. */
async function withVideo(overrides: Partial<Video> = {}) {
  const f = videoServiceFixture();
  const video = aVideo({ userId: USER, status: 'READY', ...overrides });
  await f.videos.create(video);
  return { ...f, video };
}

describe('reading videos', () => {
  it("finds the caller's own video, and no one else's", async () => {
    const f = await withVideo();
    expect((await f.service.get(USER, f.video.videoId)).title).toBe('Clip');
    await expect(f.service.get('someone-else', f.video.videoId)).rejects.toThrow(NotFoundError);
  });

  it("lists only the caller's videos", async () => {
    const f = await withVideo();
    await f.videos.create(aVideo({ userId: 'someone-else', videoId: 'v-other' }));
    const page = await f.service.list(USER, { limit: 10 });
    expect(page.items.map((v) => v.videoId)).toEqual([f.video.videoId]);
  });

  it('shows a presigned poster and, while a rendition is queued, the queue ahead', async () => {
    const f = await withVideo({
      posterKey: 'thumbnails/user-1/v.jpg',
      status: 'PROCESSING',
      renditions: { hls: { status: 'QUEUED', updatedAt: at } },
    });
    f.jobs.visible = 7;
    const view = await f.service.view(f.video);
    expect(view.posterUrl).toContain('thumbnails/user-1/v.jpg');
    expect(view.queuePosition).toBe(7);
    expect(view).not.toHaveProperty('version');
  });

  it('still answers when the queue cannot be asked for its depth', async () => {
    const f = await withVideo({ renditions: { hls: { status: 'QUEUED', updatedAt: at } } });
    f.jobs.depth = () => Promise.reject(new Error('SQS down'));
    const view = await f.service.view(f.video);
    expect(view.queuePosition).toBeUndefined();
  });
});

describe('updating a video', () => {
  it('renames it, leaving the description as it was', async () => {
    const f = await withVideo({ description: 'kept' });
    f.clock.advance(60_000);
    const updated = await f.service.patch(USER, f.video.videoId, { title: 'Renamed' });
    expect(updated).toMatchObject({
      title: 'Renamed',
      description: 'kept',
      updatedAt: '2026-11-30T10:01:00.000Z',
    });
  });

  it("refuses to rename another user's video", async () => {
    const f = await withVideo();
    await expect(f.service.patch('someone-else', f.video.videoId, { title: 'x' })).rejects.toThrow(
      NotFoundError,
    );
    expect(f.videos.items.get(f.video.videoId)?.title).toBe('Clip');
  });

  it('deletes every object first, then the record, and gives the quota back', async () => {
    const f = await withVideo({ reservedBytes: 1000 });
    await f.usage.reserveVideo(USER, 1000, { maxVideos: 5, maxStoredBytes: 10_000 });
    await f.service.delete(USER, f.video.videoId);
    expect(f.objects.purged[0]?.keys).toContain(f.video.sourceKey);
    expect(f.objects.purged[0]?.prefixes).toEqual([`hls/${USER}/${f.video.videoId}/`]);
    expect(f.videos.items.has(f.video.videoId)).toBe(false);
    expect(await f.usage.held(USER)).toEqual({ videoCount: 0, storedBytes: 0 });
  });

  it('keeps the record when its objects cannot be removed, so the delete can be retried', async () => {
    const f = await withVideo();
    f.objects.failing.purgeVersions = new Error('S3 down');
    await expect(f.service.delete(USER, f.video.videoId)).rejects.toThrow('S3 down');
    expect(f.videos.items.has(f.video.videoId)).toBe(true);
  });
});

describe('asking for a rendition', () => {
  it('queues it and sends its job, for this bucket', async () => {
    const f = await withVideo();
    const result = await f.service.requestRendition(USER, f.video.videoId, '480p');
    expect(result).toEqual({
      queued: true,
      rendition: expect.objectContaining({ status: 'QUEUED' }),
    });
    expect(f.jobs.sent).toEqual([
      expect.objectContaining({
        videoId: f.video.videoId,
        quality: '480p',
        bucket: 'videos-test',
        key: f.video.sourceKey,
      }),
    ]);
  });

  it('changes nothing for one already queued, running or done', async () => {
    const f = await withVideo({
      renditions: { '480p': { status: 'READY', key: 'k', updatedAt: at } },
    });
    const result = await f.service.requestRendition(USER, f.video.videoId, '480p');
    expect(result).toMatchObject({ queued: false, rendition: { status: 'READY' } });
    expect(f.jobs.sent).toEqual([]);
  });

  it('marks it FAILED, so it can be asked for again, when its job cannot be sent', async () => {
    const f = await withVideo();
    f.jobs.sendError = new Error('SQS down');
    await expect(f.service.requestRendition(USER, f.video.videoId, '480p')).rejects.toThrow(
      'SQS down',
    );
    expect(f.videos.items.get(f.video.videoId)?.renditions['480p']).toMatchObject({
      status: 'FAILED',
      error: {
        code: 'INTERNAL',
        message: 'the job could not be queued; ask for the rendition again',
      },
    });
    f.jobs.sendError = undefined;
    expect(await f.service.requestRendition(USER, f.video.videoId, '480p')).toMatchObject({
      queued: true,
    });
  });

  it('refuses before the source is uploaded', async () => {
    const f = await withVideo({ status: 'PENDING_UPLOAD' });
    await expect(f.service.requestRendition(USER, f.video.videoId, '480p')).rejects.toThrow(
      new ConflictError('the source is not uploaded yet'),
    );
  });

  it("refuses new work once today's transcode minutes are used", async () => {
    const f = await withVideo();
    await f.usage.addTranscodeSeconds(USER, usageDay(f.clock.now()), 600);
    await expect(f.service.requestRendition(USER, f.video.videoId, '480p')).rejects.toThrow(
      QuotaExceededError,
    );
    expect(f.jobs.sent).toEqual([]);
  });
});

describe('playback', () => {
  it('signs a GET for a READY MP4, and for the master playlist of a READY ladder', async () => {
    const f = await withVideo({
      renditions: {
        '720p': { status: 'READY', key: 'transcoded/720p/user-1/v.mp4', updatedAt: at },
        hls: { status: 'READY', key: 'anything', updatedAt: at },
      },
    });
    const mp4 = await f.service.playback(USER, f.video.videoId, '720p');
    expect(mp4).toMatchObject({ method: 'GET' });
    expect(mp4.url).toContain('transcoded/720p/user-1/v.mp4');
    const hls = await f.service.playback(USER, f.video.videoId, 'hls');
    expect(hls.url).toContain(`hls/${USER}/${f.video.videoId}/master.m3u8`);
  });

  it('refuses a rendition that is not READY, saying what it is', async () => {
    const f = await withVideo({ renditions: { '720p': { status: 'PROCESSING', updatedAt: at } } });
    await expect(f.service.playback(USER, f.video.videoId, '720p')).rejects.toThrow(
      '720p is not ready (PROCESSING)',
    );
    await expect(f.service.playback(USER, f.video.videoId, '360p')).rejects.toThrow(
      '360p is not ready (not requested)',
    );
  });
});
