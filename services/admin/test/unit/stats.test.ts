import { describe, expect, it } from 'vitest';
import type { Video } from '@videoforge/core';
import { addVideo, emptySummary } from '../../src/operations/stats.ts';

const NOW = new Date('2026-01-02T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();

function video(status: Video['status'], renditions: Video['renditions'], sizeBytes = 100): Video {
  return {
    videoId: 'v',
    userId: 'u',
    title: 't',
    description: '',
    status,
    sourceKey: 'raw/u/v.mp4',
    sizeBytes,
    contentType: 'video/mp4',
    renditions,
    createdAt: minutesAgo(3000),
    updatedAt: minutesAgo(1),
    version: 1,
  };
}

describe('stats summary', () => {
  it('counts videos by status, stored bytes, and renditions finished in the last hour and day', () => {
    const summary = emptySummary();
    addVideo(
      summary,
      video('READY', {
        '720p': { status: 'READY', sizeBytes: 50, updatedAt: minutesAgo(10) },
        '480p': { status: 'FAILED', updatedAt: minutesAgo(120) },
        '1080p': { status: 'SKIPPED', updatedAt: minutesAgo(5) },
      }),
      NOW,
    );
    addVideo(
      summary,
      video('FAILED', { '720p': { status: 'FAILED', updatedAt: minutesAgo(59) } }),
      NOW,
    );
    addVideo(
      summary,
      video('READY', { '720p': { status: 'READY', sizeBytes: 7, updatedAt: minutesAgo(2000) } }),
      NOW,
    );
    addVideo(
      summary,
      video('PENDING_UPLOAD', { '720p': { status: 'QUEUED', updatedAt: minutesAgo(1) } }),
      NOW,
    );

    expect(summary.videosByStatus).toEqual({
      PENDING_UPLOAD: 1,
      UPLOADED: 0,
      PROCESSING: 0,
      READY: 2,
      FAILED: 1,
    });
    expect(summary.totalVideos).toBe(4);
    expect(summary.storageBytes).toBe(100 + 50 + 100 + 100 + 7);
    expect(summary.jobs.lastHour).toEqual({ done: 1, failed: 1 });
    expect(summary.jobs.lastDay).toEqual({ done: 1, failed: 2 });
  });

  it('ignores timestamps in the future or unreadable', () => {
    const summary = emptySummary();
    addVideo(
      summary,
      video('READY', {
        '720p': { status: 'READY', updatedAt: '2099-01-01T00:00:00.000Z' },
        '480p': { status: 'READY', updatedAt: 'yesterday' },
      }),
      NOW,
    );
    expect(summary.jobs.lastDay).toEqual({ done: 0, failed: 0 });
  });
});
