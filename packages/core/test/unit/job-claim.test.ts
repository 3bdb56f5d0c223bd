import { describe, expect, it } from 'vitest';
import { isClaimedBy, recordAlive, startRendition, type Video } from '../../src/index.ts';

const T0 = '2026-01-01T00:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(T0) + seconds * 1000).toISOString();

function queued(): Video {
  return {
    videoId: 'v1',
    userId: 'u1',
    title: 't',
    description: '',
    status: 'UPLOADED',
    sourceKey: 'raw/u1/v1.mp4',
    sizeBytes: 10,
    contentType: 'video/mp4',
    renditions: { '720p': { status: 'QUEUED', updatedAt: T0 } },
    createdAt: T0,
    updatedAt: T0,
    version: 1,
  };
}

const first = { jobId: 'job-1', messageId: 'm1', staleAfterMs: 30_000 };
const duplicate = { ...first, messageId: 'm2' };

describe('claims on a running rendition', () => {
  it('records which message runs the rendition', () => {
    const started = startRendition(queued(), '720p', T0, first)!;
    expect(isClaimedBy(started, '720p', first)).toBe(true);
    expect(isClaimedBy(started, '720p', duplicate)).toBe(false);
  });

  it('refuses a second message of the same job while the first shows life', () => {
    const started = startRendition(queued(), '720p', T0, first)!;
    const alive = recordAlive(started, '720p', at(25))!;
    expect(startRendition(alive, '720p', at(50), duplicate)).toBeUndefined();
  });

  it('lets the same message take its job up again (a retry, or after its worker was killed)', () => {
    const started = startRendition(queued(), '720p', T0, first)!;
    const again = startRendition(started, '720p', at(5), first)!;
    expect(again.renditions['720p']?.attempts).toBe(2);
  });

  it('lets another message take over once the running one has been silent too long', () => {
    const started = startRendition(queued(), '720p', T0, first)!;
    const takenOver = startRendition(started, '720p', at(31), duplicate)!;
    expect(isClaimedBy(takenOver, '720p', duplicate)).toBe(true);
  });

  it('lets a new job of the rendition (asked for again) start whatever runs', () => {
    const started = startRendition(queued(), '720p', T0, first)!;
    const other = { jobId: 'job-2', messageId: 'm3', staleAfterMs: 30_000 };
    expect(isClaimedBy(startRendition(started, '720p', at(1), other)!, '720p', other)).toBe(true);
  });

  it('writes a sign of life only while PROCESSING', () => {
    expect(recordAlive(queued(), '720p', at(1))).toBeUndefined();
    const alive = recordAlive(startRendition(queued(), '720p', T0, first)!, '720p', at(9))!;
    expect(alive.renditions['720p']?.aliveAt).toBe(at(9));
  });
});
