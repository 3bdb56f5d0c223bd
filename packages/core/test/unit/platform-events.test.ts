import { describe, expect, it } from 'vitest';
import {
  completeRendition,
  eventsBetween,
  failRendition,
  markUploaded,
  recordProgress,
  startRendition,
  type Video,
} from '../../src/index.ts';

const at = '2026-11-30T10:00:00.000Z';
let n = 0;
const newId = () => `evt_${++n}`;

function pending(): Video {
  return {
    videoId: 'v1',
    userId: 'u1',
    title: 'Clip',
    description: '',
    status: 'PENDING_UPLOAD',
    sourceKey: 'raw/u1/v1.mp4',
    sizeBytes: 10,
    contentType: 'video/mp4',
    renditions: { '360p': { status: 'QUEUED', updatedAt: at } },
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

const types = (before: Video, after: Video | undefined) =>
  eventsBetween(before, after as Video, newId, at).map((e) => e.type);

describe('eventsBetween', () => {
  it('names each transition users care about once, and nothing for progress', () => {
    const v0 = pending();
    const v1 = markUploaded(v0, 10, at) as Video;
    expect(types(v0, v1)).toEqual(['video.uploaded']);
    const v2 = startRendition(v1, '360p', at) as Video;
    expect(types(v1, v2)).toEqual([]);
    const v3 = recordProgress(v2, '360p', { percent: 50 }, at) ?? v2;
    expect(types(v2, v3)).toEqual([]);
    const v4 = completeRendition(v3, '360p', { key: 'k', sizeBytes: 5 }, at) as Video;
    expect(types(v3, v4)).toEqual(['rendition.ready', 'video.ready']);
  });

  it('carries the failure users see on rendition.failed and video.failed', () => {
    const v1 = startRendition(markUploaded(pending(), 10, at) as Video, '360p', at) as Video;
    const failure = { code: 'SOURCE_UNREADABLE' as const, message: 'the source is not a video' };
    const v2 = failRendition(v1, '360p', failure, at) as Video;
    const events = eventsBetween(v1, v2, newId, at);
    expect(events.map((e) => e.type)).toEqual(['rendition.failed', 'video.failed']);
    expect(events[0]?.data).toMatchObject({ videoId: 'v1', quality: '360p', failure });
    expect(events[1]?.data).toMatchObject({ videoId: 'v1', status: 'FAILED', failure });
    expect(events.every((e) => e.userId === 'u1' && e.timestamp === at)).toBe(true);
    expect(new Set(events.map((e) => e.id)).size).toBe(2);
  });
});

describe('a video whose every rendition is skipped', () => {
  it('fails with a reason instead of staying PROCESSING', async () => {
    const { skipRendition, NOTHING_TO_PRODUCE } = await import('../../src/index.ts');
    const uploaded = markUploaded(pending(), 10, at) as Video;
    const skipped = skipRendition(uploaded, '360p', 'source is 240px tall', at) as Video;
    expect(skipped.status).toBe('FAILED');
    expect(skipped.failure).toEqual(NOTHING_TO_PRODUCE);
    expect(eventsBetween(uploaded, skipped, newId, at).map((e) => e.type)).toEqual([
      'video.failed',
    ]);
  });
});
