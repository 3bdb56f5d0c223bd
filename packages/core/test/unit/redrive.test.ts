import { describe, expect, it } from 'vitest';
import { requeueDeadLetter, storageBytesOf, type Rendition, type Video } from '../../src/index.ts';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:05:00.000Z';
const moovMissing = { code: 'SOURCE_UNREADABLE', message: 'the file is damaged' } as const;

function videoWith(renditions: Video['renditions'], status: Video['status'] = 'FAILED'): Video {
  return {
    videoId: 'v1',
    userId: 'u1',
    title: 't',
    description: '',
    status,
    sourceKey: 'raw/u1/v1.mp4',
    sizeBytes: 100,
    contentType: 'video/mp4',
    renditions,
    failure: status === 'FAILED' ? moovMissing : undefined,
    createdAt: T0,
    updatedAt: T0,
    version: 3,
  };
}

const failed: Rendition = {
  status: 'FAILED',
  error: moovMissing,
  attempts: 3,
  updatedAt: T0,
};

describe('requeueDeadLetter', () => {
  it('puts a FAILED rendition back to QUEUED with the error and attempts cleared', () => {
    const next = requeueDeadLetter(videoWith({ '720p': failed }), '720p', T1);
    expect(next?.renditions['720p']).toEqual({ status: 'QUEUED', updatedAt: T1 });
    expect(next?.status).toBe('PROCESSING');
    expect(next?.failure).toBeUndefined();
    expect(next?.updatedAt).toBe(T1);
  });

  it('leaves the other renditions alone, and a READY one keeps the video READY', () => {
    const ready: Rendition = { status: 'READY', key: 'k', sizeBytes: 5, updatedAt: T0 };
    const next = requeueDeadLetter(
      videoWith({ '720p': failed, '480p': ready }, 'READY'),
      '720p',
      T1,
    );
    expect(next?.renditions['480p']).toBe(ready);
    expect(next?.status).toBe('READY');
  });

  it('also requeues a rendition stuck in PROCESSING (its last failure was never recorded)', () => {
    const stuck: Rendition = { status: 'PROCESSING', attempts: 3, updatedAt: T0 };
    const next = requeueDeadLetter(videoWith({ '720p': stuck }, 'PROCESSING'), '720p', T1);
    expect(next?.renditions['720p']?.status).toBe('QUEUED');
  });

  it.each(['READY', 'SKIPPED'] as const)(
    'does nothing when the rendition is %s by now',
    (status) => {
      const video = videoWith({ '720p': { status, updatedAt: T0 } }, 'READY');
      expect(requeueDeadLetter(video, '720p', T1)).toBeUndefined();
    },
  );

  it('keeps a never-uploaded video PENDING_UPLOAD', () => {
    const next = requeueDeadLetter(videoWith({ '720p': failed }, 'PENDING_UPLOAD'), '720p', T1);
    expect(next?.status).toBe('PENDING_UPLOAD');
  });
});

describe('storageBytesOf', () => {
  it('counts the uploaded source and every recorded rendition', () => {
    const video = videoWith({
      '720p': { status: 'READY', sizeBytes: 40, updatedAt: T0 },
      '480p': { status: 'FAILED', updatedAt: T0 },
    });
    expect(storageBytesOf(video)).toBe(140);
  });

  it('does not count a declared size before the upload arrived', () => {
    expect(storageBytesOf(videoWith({}, 'PENDING_UPLOAD'))).toBe(0);
  });
});
