import { describe, expect, it } from 'vitest';
import { uploadJobId, type JobMessage } from '@videoforge/core';
import {
  LOST_ON_EVERY_ATTEMPT,
  reconcileStuckWork,
} from '../../src/maintenance/reconcile-stuck-work.ts';
import { FakeDeadLetters, InMemoryVideos, RecordingJobQueue, aVideo } from '@videoforge/testkit';

const NOW = new Date('2026-11-30T12:00:00.000Z');
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000).toISOString();
const STALE_AFTER_MS = 15 * 60_000;

function setup(bodies: string[] = []) {
  const videos = new InMemoryVideos();
  const jobs = new RecordingJobQueue();
  const dlq = new FakeDeadLetters(bodies);
  const run = () =>
    reconcileStuckWork({
      catalog: videos,
      videos,
      jobs,
      dlq,
      bucket: 'bucket',
      now: () => NOW,
      staleAfterMs: STALE_AFTER_MS,
    });
  return { videos, jobs, dlq, run };
}

function deadLetter(video: { videoId: string; userId: string; sourceKey: string }, jobId: string) {
  const job: JobMessage = {
    version: 1,
    jobId,
    videoId: video.videoId,
    userId: video.userId,
    bucket: 'bucket',
    key: video.sourceKey,
    quality: '720p',
    requestedAt: minutesAgo(30),
  };
  return JSON.stringify(job);
}

describe('reconcileStuckWork', () => {
  it('fails a rendition whose job was dead-lettered while it ran, and leaves the dead letter', async () => {
    const video = aVideo({
      renditions: {
        '720p': {
          status: 'PROCESSING',
          claim: { jobId: 'job-a', messageId: 'm' },
          aliveAt: minutesAgo(3),
          updatedAt: minutesAgo(5),
        },
      },
    });
    const { videos, jobs, dlq, run } = setup([deadLetter(video, 'job-a')]);
    await videos.create(video);

    const counts = await run();

    expect(counts).toMatchObject({ deadLettered: 1, requeued: 0 });
    const stored = videos.items.get(video.videoId);
    expect(stored?.renditions['720p']).toMatchObject({
      status: 'FAILED',
      error: LOST_ON_EVERY_ATTEMPT,
    });
    expect(stored?.status).toBe('FAILED');
    expect(jobs.sent).toEqual([]);
    expect(dlq.released).toBe(1);
  });

  it('leaves a rendition alone when the dead letter is an older job of it (asked for again since)', async () => {
    const video = aVideo({
      renditions: {
        '720p': {
          status: 'PROCESSING',
          claim: { jobId: 'job-new', messageId: 'm' },
          aliveAt: minutesAgo(0.1),
          updatedAt: minutesAgo(1),
        },
      },
    });
    const { videos, run } = setup([deadLetter(video, 'job-old')]);
    await videos.create(video);

    expect(await run()).toMatchObject({ deadLettered: 0, requeued: 0 });
    expect(videos.items.get(video.videoId)?.renditions['720p']?.status).toBe('PROCESSING');
  });

  it('sends the job of a silent QUEUED rendition again under its upload job id, once per threshold', async () => {
    const video = aVideo({
      status: 'UPLOADED',
      renditions: { '360p': { status: 'QUEUED', updatedAt: minutesAgo(20) } },
    });
    const { videos, jobs, run } = setup();
    await videos.create(video);

    expect(await run()).toMatchObject({ requeued: 1 });
    expect(jobs.sent).toHaveLength(1);
    expect(jobs.sent[0]).toMatchObject({
      jobId: uploadJobId(video, '360p'),
      videoId: video.videoId,
      quality: '360p',
      key: video.sourceKey,
    });
    // The rendition was touched: the next pass waits a whole threshold again.
    expect(await run()).toMatchObject({ requeued: 0 });
    expect(jobs.sent).toHaveLength(1);
  });

  it('re-sends a silent PROCESSING rendition under the job id it ran with', async () => {
    const video = aVideo({
      renditions: {
        '1080p': {
          status: 'PROCESSING',
          claim: { jobId: 'job-lost', messageId: 'm' },
          aliveAt: minutesAgo(16),
          updatedAt: minutesAgo(17),
        },
      },
    });
    const { videos, jobs, run } = setup();
    await videos.create(video);

    expect(await run()).toMatchObject({ requeued: 1 });
    expect(jobs.sent[0]?.jobId).toBe('job-lost');
  });

  it('is patient with work that is merely waiting in a backlog, and leaves live and finished work alone', async () => {
    const backlogged = aVideo({
      videoId: '0193a000-0000-7000-8000-000000000002',
      sourceKey: 'raw/user-1/0193a000-0000-7000-8000-000000000002.mp4',
      status: 'UPLOADED',
      renditions: { '360p': { status: 'QUEUED', updatedAt: minutesAgo(20) } },
    });
    const live = aVideo({
      videoId: '0193a000-0000-7000-8000-000000000003',
      sourceKey: 'raw/user-1/0193a000-0000-7000-8000-000000000003.mp4',
      renditions: {
        '720p': { status: 'PROCESSING', aliveAt: minutesAgo(0.2), updatedAt: minutesAgo(40) },
        '360p': { status: 'READY', updatedAt: minutesAgo(60) },
      },
    });
    const { videos, jobs, run } = setup();
    jobs.visible = 50;
    await videos.create(backlogged);
    await videos.create(live);

    expect(await run()).toMatchObject({ requeued: 0, examined: 2 });
    expect(jobs.sent).toEqual([]);
  });
});
