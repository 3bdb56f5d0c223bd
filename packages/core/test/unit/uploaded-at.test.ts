import { describe, expect, it } from 'vitest';
import { completeRendition, markUploaded, startRendition, type Video } from '../../src/index.ts';

const CREATED = '2026-01-01T00:00:00.000Z';
const UPLOADED = '2026-01-01T00:00:05.000Z';
const LATER = '2026-01-01T00:00:30.000Z';

const pending: Video = {
  videoId: 'v1',
  userId: 'u1',
  title: 't',
  description: '',
  status: 'PENDING_UPLOAD',
  sourceKey: 'raw/u1/v1.mp4',
  sizeBytes: 10,
  contentType: 'video/mp4',
  renditions: { '720p': { status: 'QUEUED', updatedAt: CREATED } },
  createdAt: CREATED,
  updatedAt: CREATED,
  version: 1,
};

describe('uploadedAt (the start of time-to-ready)', () => {
  it('is set when the upload completes and kept through the renditions', () => {
    const uploaded = markUploaded(pending, 10, UPLOADED);
    expect(uploaded?.uploadedAt).toBe(UPLOADED);
    const running = startRendition(uploaded!, '720p', LATER);
    const ready = completeRendition(running!, '720p', { key: 'k', sizeBytes: 1 }, LATER);
    expect(ready).toMatchObject({ status: 'READY', uploadedAt: UPLOADED, updatedAt: LATER });
  });

  it('is not moved by a duplicate upload event', () => {
    const uploaded = markUploaded(pending, 10, UPLOADED)!;
    expect(markUploaded(uploaded, 10, LATER)).toBeUndefined();
  });
});
