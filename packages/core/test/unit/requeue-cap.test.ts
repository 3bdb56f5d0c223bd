import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_REQUEUES,
  RetryLimitError,
  needsQueueing,
  queueRendition,
  type Rendition,
  type Video,
} from '../../src/index.ts';

const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-01T00:00:01.000Z';

function videoWith(renditions: Video['renditions'], requeues?: number): Video {
  return {
    videoId: 'v1',
    userId: 'u1',
    title: 't',
    description: '',
    status: 'FAILED',
    sourceKey: 'raw/u1/v1.mp4',
    sizeBytes: 10,
    contentType: 'video/mp4',
    renditions,
    requeues,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
  };
}

const failed: Rendition = { status: 'FAILED', updatedAt: T0 };

/** The video after its FAILED 720p was asked for again and failed once more. */
function failAgain(video: Video): Video {
  return { ...video, renditions: { ...video.renditions, '720p': failed } };
}

describe('the requeue cap', () => {
  it('counts each request for a FAILED rendition on the video', () => {
    const once = queueRendition(videoWith({ '720p': failed }), '720p', T1, 2);
    expect(once?.renditions['720p']?.status).toBe('QUEUED');
    expect(once?.requeues).toBe(1);
    const twice = queueRendition(failAgain(once as Video), '720p', T1, 2);
    expect(twice?.requeues).toBe(2);
  });

  it('refuses the request past the cap with RETRY_LIMIT_REACHED naming the cap', () => {
    const atCap = videoWith({ '720p': failed }, 2);
    let thrown: unknown;
    try {
      queueRendition(atCap, '720p', T1, 2);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RetryLimitError);
    expect(thrown).toMatchObject({ code: 'RETRY_LIMIT_REACHED' });
    expect((thrown as Error).message).toMatch(/at most 2 times/);
  });

  it('is one budget per video, shared by its renditions', () => {
    const video = videoWith({ '720p': failed, '480p': failed }, 1);
    expect(queueRendition(video, '480p', T1, 2)?.requeues).toBe(2);
    expect(() => queueRendition({ ...video, requeues: 2 }, '720p', T1, 2)).toThrow(RetryLimitError);
  });

  it('does not count first requests, nor no-ops, even at the cap', () => {
    const atCap = videoWith({ '720p': { status: 'READY', updatedAt: T0 } }, 2);
    const added = queueRendition(atCap, '480p', T1, 2);
    expect(added?.renditions['480p']?.status).toBe('QUEUED');
    expect(added?.requeues).toBe(2);
    expect(queueRendition(atCap, '720p', T1, 2)).toBeUndefined();
  });

  it('allows 3 requeues unless told otherwise', () => {
    expect(DEFAULT_MAX_REQUEUES).toBe(3);
    expect(queueRendition(videoWith({ '720p': failed }, 2), '720p', T1)?.requeues).toBe(3);
    expect(() => queueRendition(videoWith({ '720p': failed }, 3), '720p', T1)).toThrow(
      RetryLimitError,
    );
  });

  it('says which requests would queue a job', () => {
    const video = videoWith({ '720p': failed, '480p': { status: 'PROCESSING', updatedAt: T0 } });
    expect(needsQueueing(video, '720p')).toBe(true);
    expect(needsQueueing(video, '1080p')).toBe(true);
    expect(needsQueueing(video, '480p')).toBe(false);
  });
});
