import { describe, expect, it } from 'vitest';
import {
  completeRendition,
  failRendition,
  markUploaded,
  noteRetryableFailure,
  queueRendition,
  recordProgress,
  skipRendition,
  startRendition,
  type Failure,
  type Video,
} from '../../src/index.ts';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:00:01.000Z';

function pendingVideo(): Video {
  return {
    videoId: 'v1',
    userId: 'u1',
    title: 't',
    description: '',
    status: 'PENDING_UPLOAD',
    sourceKey: 'raw/u1/v1.mp4',
    sizeBytes: 10,
    contentType: 'video/mp4',
    renditions: { '720p': { status: 'QUEUED', updatedAt: T0 } },
    createdAt: T0,
    updatedAt: T0,
    version: 1,
  };
}

function uploaded(): Video {
  const video = markUploaded(pendingVideo(), 10, T1);
  if (!video) throw new Error('expected upload to apply');
  return video;
}

function internal(message: string): Failure {
  return { code: 'INTERNAL', message };
}

describe('video transitions', () => {
  it('walks PENDING_UPLOAD -> UPLOADED -> PROCESSING -> READY', () => {
    const up = uploaded();
    expect(up.status).toBe('UPLOADED');
    const started = startRendition(up, '720p', T1)!;
    expect(started.status).toBe('PROCESSING');
    expect(started.renditions['720p']).toMatchObject({ status: 'PROCESSING', attempts: 1 });
    const done = completeRendition(started, '720p', { key: 'k', sizeBytes: 5 }, T1)!;
    expect(done.status).toBe('READY');
    expect(done.renditions['720p']).toMatchObject({ status: 'READY', key: 'k', sizeBytes: 5 });
  });

  it('ignores a second upload event', () => {
    expect(markUploaded(uploaded(), 10, T1)).toBeUndefined();
  });

  it('never moves a READY rendition backwards on a late or duplicate message', () => {
    const done = completeRendition(
      startRendition(uploaded(), '720p', T1)!,
      '720p',
      { key: 'k', sizeBytes: 5 },
      T1,
    )!;
    expect(startRendition(done, '720p', T1)).toBeUndefined();
    expect(failRendition(done, '720p', internal('late failure'), T1)).toBeUndefined();
    expect(queueRendition(done, '720p', T1)).toBeUndefined();
  });

  it('counts attempts across retries', () => {
    const first = startRendition(uploaded(), '720p', T1)!;
    const second = startRendition(first, '720p', T1)!;
    expect(second.renditions['720p']?.attempts).toBe(2);
  });

  it('fails the video with the reason when its only rendition fails', () => {
    const failed = failRendition(
      startRendition(uploaded(), '720p', T1)!,
      '720p',
      internal('moov atom not found'),
      T1,
      'ffprobe: moov atom not found at http://127.0.0.1:4566',
    )!;
    expect(failed.status).toBe('FAILED');
    expect(failed.failure).toEqual(internal('moov atom not found'));
    expect(failed.renditions['720p']?.diagnostic).toMatch(/moov atom not found at http/);
  });

  it('keeps the video READY when a further rendition is queued or fails', () => {
    const ready = completeRendition(
      startRendition(uploaded(), '720p', T1)!,
      '720p',
      { key: 'k', sizeBytes: 5 },
      T1,
    )!;
    const queued = queueRendition(ready, '480p', T1)!;
    expect(queued.status).toBe('READY');
    const failed = failRendition(
      startRendition(queued, '480p', T1)!,
      '480p',
      internal('boom'),
      T1,
    )!;
    expect(failed.status).toBe('READY');
  });

  it('lets a FAILED rendition be queued again, and a queued one not twice', () => {
    const failed = failRendition(
      startRendition(uploaded(), '720p', T1)!,
      '720p',
      internal('x'),
      T1,
    )!;
    const again = queueRendition(failed, '720p', T1)!;
    expect(again.renditions['720p']?.status).toBe('QUEUED');
    expect(queueRendition(again, '720p', T1)).toBeUndefined();
  });

  it('marks a rung above the source SKIPPED with its reason', () => {
    const skipped = skipRendition(uploaded(), '720p', 'source is 360 px tall', T1)!;
    expect(skipped.renditions['720p']).toMatchObject({
      status: 'SKIPPED',
      skipReason: 'source is 360 px tall',
    });
  });
});

describe('progress', () => {
  it('moves forward only while PROCESSING and ends at 100 on READY', () => {
    const started = startRendition(uploaded(), '720p', T1)!;
    const at40 = recordProgress(started, '720p', { percent: 40, etaSeconds: 9 }, T1)!;
    expect(at40.renditions['720p']).toMatchObject({ progress: 40, etaSeconds: 9 });
    expect(recordProgress(at40, '720p', { percent: 30 }, T1)).toBeUndefined();
    const done = completeRendition(at40, '720p', { key: 'k', sizeBytes: 1 }, T1)!;
    expect(done.renditions['720p']?.progress).toBe(100);
    expect(recordProgress(done, '720p', { percent: 50 }, T1)).toBeUndefined();
  });

  it('starts a retry from zero', () => {
    const at40 = recordProgress(
      startRendition(uploaded(), '720p', T1)!,
      '720p',
      { percent: 40 },
      T1,
    )!;
    const waiting = noteRetryableFailure(at40, '720p', internal('x'), T1)!;
    expect(waiting.renditions['720p']).toMatchObject({
      status: 'PROCESSING',
      error: internal('x'),
    });
    expect(waiting.renditions['720p']?.progress).toBeUndefined();
    expect(waiting.renditions['720p']?.etaSeconds).toBeUndefined();
    const retried = startRendition(waiting, '720p', T1)!;
    expect(retried.renditions['720p']?.progress).toBeUndefined();
    expect(recordProgress(retried, '720p', { percent: 5 }, T1)!.renditions['720p']?.progress).toBe(
      5,
    );
  });
});
