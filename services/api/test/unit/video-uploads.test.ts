import { describe, expect, it } from 'vitest';
import {
  ConflictError,
  PayloadTooLargeError,
  QuotaExceededError,
  UnsupportedMediaTypeError,
  usageDay,
} from '@videoforge/core';
import { aNewVideo, MIB, USER, videoServiceFixture } from './support/video-service-fixture.ts';

describe('creating a video', () => {
  it('answers a small file with one presigned PUT and a record waiting for it', async () => {
    const f = videoServiceFixture();
    const { video, upload } = await f.service.create(USER, aNewVideo());

    expect(upload).toMatchObject({
      method: 'PUT',
      headers: { 'content-type': 'video/mp4', 'content-length': String(5 * MIB) },
    });
    expect('url' in upload && upload.url).toContain(`raw/${USER}/${video.videoId}.mp4`);
    expect(f.videos.items.get(video.videoId)).toMatchObject({
      status: 'PENDING_UPLOAD',
      sourceKey: `raw/${USER}/${video.videoId}.mp4`,
      reservedBytes: 5 * MIB,
      createdAt: '2026-11-30T10:00:00.000Z',
      renditions: { '720p': { status: 'QUEUED' }, hls: { status: 'QUEUED' } },
    });
    expect(await f.usage.held(USER)).toEqual({ videoCount: 1, storedBytes: 5 * MIB });
  });

  it('queues the renditions asked for, each once', async () => {
    const f = videoServiceFixture();
    const { video } = await f.service.create(USER, aNewVideo({ renditions: ['360p', '360p'] }));
    expect(Object.keys(video.renditions)).toEqual(['360p']);
  });

  it.each([
    [{ contentType: 'image/png' }, UnsupportedMediaTypeError, 'contentType'],
    [{ filename: 'holiday.exe' }, UnsupportedMediaTypeError, 'filename'],
    [{ sizeBytes: 51 * MIB }, PayloadTooLargeError, 'sizeBytes'],
  ])('refuses %o, naming the field, before counting anything', async (change, type, field) => {
    const f = videoServiceFixture();
    const error = await f.service.create(USER, aNewVideo(change)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect((error as { field?: string }).field).toBe(field);
    expect(await f.usage.held(USER)).toEqual({ videoCount: 0, storedBytes: 0 });
  });

  it('refuses a video over the quota and writes nothing', async () => {
    const f = videoServiceFixture();
    await f.service.create(USER, aNewVideo());
    await f.service.create(USER, aNewVideo());
    await expect(f.service.create(USER, aNewVideo())).rejects.toThrow(QuotaExceededError);
    expect(f.videos.items.size).toBe(2);
  });

  it("refuses a video once today's transcode minutes are used", async () => {
    const f = videoServiceFixture();
    await f.usage.addTranscodeSeconds(USER, usageDay(f.clock.now()), 600);
    await expect(f.service.create(USER, aNewVideo())).rejects.toThrow(QuotaExceededError);
    expect(await f.usage.held(USER)).toEqual({ videoCount: 0, storedBytes: 0 });
  });

  it('gives the quota back when the record cannot be written', async () => {
    const f = videoServiceFixture();
    f.videos.failing.create = new Error('table unavailable');
    await expect(f.service.create(USER, aNewVideo())).rejects.toThrow('table unavailable');
    expect(await f.usage.held(USER)).toEqual({ videoCount: 0, storedBytes: 0 });
  });

  it('gives the quota back when the upload URL cannot be signed, leaving no record', async () => {
    const f = videoServiceFixture();
    f.objects.failing.presignPut = new Error('no credentials');
    await expect(f.service.create(USER, aNewVideo())).rejects.toThrow('no credentials');
    expect(await f.usage.held(USER)).toEqual({ videoCount: 0, storedBytes: 0 });
    expect(f.videos.items.size).toBe(0);
  });
});

describe('a multipart upload', () => {
  const large = aNewVideo({ sizeBytes: 30 * MIB });

  it('is planned for a large file: parts of the configured size, each with its URL', async () => {
    const f = videoServiceFixture();
    const { video, upload } = await f.service.create(USER, large);
    expect(upload).toMatchObject({ method: 'MULTIPART', uploadId: 'upload-1', partSize: 8 * MIB });
    const parts = 'parts' in upload ? upload.parts : [];
    expect(parts.map((p) => p.sizeBytes)).toEqual([8 * MIB, 8 * MIB, 8 * MIB, 6 * MIB]);
    expect(parts.every((p) => p.url?.includes('uploadId=upload-1'))).toBe(true);
    expect(f.videos.items.get(video.videoId)?.multipartUpload).toEqual({
      uploadId: 'upload-1',
      partSize: 8 * MIB,
      partCount: 4,
    });
  });

  it('is aborted in S3, and the quota given back, when the record cannot be written', async () => {
    const f = videoServiceFixture();
    f.videos.failing.create = new Error('table unavailable');
    await expect(f.service.create(USER, large)).rejects.toThrow('table unavailable');
    expect(f.objects.aborted).toEqual(['upload-1']);
    expect(await f.usage.held(USER)).toEqual({ videoCount: 0, storedBytes: 0 });
  });

  it('completes only once every part has arrived, then no longer has an open upload', async () => {
    const f = videoServiceFixture();
    const { video } = await f.service.create(USER, large);
    const upload = f.objects.uploads.get('upload-1');
    const part = (partNumber: number, sizeBytes: number) => ({
      partNumber,
      sizeBytes,
      etag: `"etag-${partNumber}"`,
    });
    upload?.parts.push(part(1, 8 * MIB), part(2, 8 * MIB), part(3, 8 * MIB));
    await expect(f.service.completeUpload(USER, video.videoId)).rejects.toThrow(
      new ConflictError('parts missing or of the wrong size: 4'),
    );
    upload?.parts.push(part(4, 6 * MIB));
    await f.service.completeUpload(USER, video.videoId);
    expect(f.objects.completed).toHaveLength(1);
    expect(f.videos.items.get(video.videoId)?.multipartUpload).toBeUndefined();
    await expect(f.service.uploadStatus(USER, video.videoId)).rejects.toThrow(
      'this video has no open multipart upload',
    );
  });

  it('when aborted, discards the parts, the record and the quota it held', async () => {
    const f = videoServiceFixture();
    const { video } = await f.service.create(USER, large);
    await f.service.abortUpload(USER, video.videoId);
    expect(f.objects.aborted).toEqual(['upload-1']);
    expect(f.videos.items.has(video.videoId)).toBe(false);
    expect(await f.usage.held(USER)).toEqual({ videoCount: 0, storedBytes: 0 });
  });

  it("is not another user's to see", async () => {
    const f = videoServiceFixture();
    const { video } = await f.service.create(USER, large);
    await expect(f.service.uploadStatus('someone-else', video.videoId)).rejects.toThrow(
      'video not found',
    );
  });
});
