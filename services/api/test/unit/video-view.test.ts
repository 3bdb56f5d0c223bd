import { describe, expect, it } from 'vitest';
import type { Rendition, Video } from '@videoforge/core';
import { toVideoView } from '../../src/videos/video-view.ts';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

function videoWith(rendition: Rendition): Video {
  return {
    videoId: 'v1',
    userId: 'u1',
    title: 't',
    description: '',
    status: 'PROCESSING',
    sourceKey: 'raw/u1/v1.mp4',
    sizeBytes: 10,
    contentType: 'video/mp4',
    renditions: { '720p': rendition },
    createdAt: iso(0),
    updatedAt: iso(0),
    version: 3,
  };
}

const running: Rendition = {
  status: 'PROCESSING',
  attempts: 1,
  progress: 48,
  etaSeconds: 7,
  updatedAt: iso(0),
  diagnostic: 'ffmpeg said something about 10.0.0.7:443',
  claim: { jobId: 'j', messageId: 'm' },
};
const view = (r: Rendition, nowSeconds: number) =>
  toVideoView(videoWith(r), {}, { nowMs: T0 + nowSeconds * 1000, staleAfterSeconds: 30 });

describe('toVideoView', () => {
  it('shows progress and ETA while the worker reports, and never the diagnostic', () => {
    const shown = view(running, 10);
    expect(shown.renditions['720p']).toMatchObject({ progress: 48, etaSeconds: 7 });
    expect(shown.renditions['720p']).not.toHaveProperty('diagnostic');
    expect(shown.progress).toEqual({ percent: 48, etaSeconds: 7 });
    expect(shown).not.toHaveProperty('version');
  });

  it('counts a recent sign of life as reporting, however old the last progress is', () => {
    const shown = view({ ...running, aliveAt: iso(100) }, 110);
    expect(shown.renditions['720p']?.waitingForRetry).toBeUndefined();
    expect(shown.renditions['720p']).not.toHaveProperty('aliveAt');
  });

  it('shows a rendition whose worker fell silent as waiting for a retry, without a frozen percentage or ETA', () => {
    const shown = view(running, 31);
    expect(shown.renditions['720p']).toMatchObject({
      status: 'PROCESSING',
      waitingForRetry: true,
      silentSeconds: 31,
    });
    expect(shown.renditions['720p']).not.toHaveProperty('progress');
    expect(shown.renditions['720p']).not.toHaveProperty('etaSeconds');
    expect(shown.progress).toEqual({ percent: 0, etaSeconds: undefined, waitingForRetry: true });
  });

  it('shows a rendition whose attempt failed and will be retried as waiting, at once', () => {
    const failed = { ...running, error: { code: 'STALLED' as const, message: 'no progress' } };
    expect(view(failed, 1).renditions['720p']).toMatchObject({
      waitingForRetry: true,
      error: { code: 'STALLED' },
    });
  });
});
