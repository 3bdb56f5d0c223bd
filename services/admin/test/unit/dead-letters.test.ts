import { describe, expect, it } from 'vitest';
import type { Rendition, Video } from '@videoforge/core';
import {
  aJobMessage,
  aVideo,
  FakeDeadLetters,
  InMemoryObjectStore,
  InMemoryUserDirectory,
  InMemoryVideos,
  ManualClock,
  RecordingJobQueue,
} from '@videoforge/testkit';
import { DeadLetterService } from '../../src/operations/dead-letters.ts';

const at = '2026-11-30T09:00:00.000Z';
const failed: Rendition = {
  status: 'FAILED',
  error: { code: 'SOURCE_UNREADABLE', message: 'the file could not be read' },
  diagnostic: 'moov atom not found',
  attempts: 3,
  updatedAt: at,
};

const first = aVideo({ status: 'FAILED', renditions: { '720p': failed } });
const second = aVideo({
  videoId: '0193a000-0000-7000-8000-000000000002',
  sourceKey: 'raw/user-1/0193a000-0000-7000-8000-000000000002.mp4',
  status: 'FAILED',
  renditions: { hls: failed },
});

/** A DLQ holding `bodies` (m-0, m-1, ...), with the videos and the services behind the browser. */
function fixture(bodies: string[], videos: Video[] = [first, second]) {
  const dlq = new FakeDeadLetters(bodies);
  const store = new InMemoryVideos(videos);
  const jobs = new RecordingJobQueue();
  const users = new InMemoryUserDirectory([
    { userId: 'user-1', username: 'ada', email: 'ada@example.com', enabled: true },
  ]);
  const objects = new InMemoryObjectStore();
  objects.objects.set(first.sourceKey, { sizeBytes: 1000, contentType: 'video/mp4' });
  const service = new DeadLetterService({
    dlq,
    jobs,
    videos: store,
    users,
    objects,
    clock: new ManualClock('2026-11-30T10:00:00.000Z').now,
  });
  return { service, dlq, videos: store, jobs, users, objects };
}

const firstJob = JSON.stringify(aJobMessage(first, '720p'));
const secondJob = JSON.stringify(aJobMessage(second, 'hls'));

describe('listing dead letters', () => {
  it('shows each job with its failure, video, owner and source, then releases them', async () => {
    const f = fixture([firstJob]);
    const { items, approximateTotal } = await f.service.list({ limit: 10 });
    expect(approximateTotal).toBe(1);
    expect(items).toEqual([
      {
        messageId: 'm-0',
        receiveCount: 3,
        sentAt: undefined,
        job: expect.objectContaining({ videoId: first.videoId, quality: '720p' }),
        failure: failed.error,
        diagnostic: 'moov atom not found',
        video: {
          videoId: first.videoId,
          title: 'Clip',
          status: 'FAILED',
          renditionStatus: 'FAILED',
          attempts: 3,
        },
        owner: { userId: 'user-1', email: 'ada@example.com', username: 'ada' },
        source: expect.objectContaining({ key: first.sourceKey, exists: true, sizeBytes: 1000 }),
      },
    ]);
    expect(f.dlq.releasedIds).toEqual(['m-0']);
    expect(f.dlq.deletedIds).toEqual([]);
  });

  it('shows a body that is not a job with the reason, and nothing looked up', async () => {
    const f = fixture(['{"hello":1}']);
    const { items } = await f.service.list({ limit: 10 });
    expect(items[0]).toMatchObject({ job: null, video: null, owner: null, source: null });
    expect(items[0]?.problem).toMatch(/^invalid job message: /);
  });

  it('asks the directory once per owner, and lists without it when it fails', async () => {
    const f = fixture([firstJob, secondJob]);
    f.users.findError = new Error('user pool unreachable');
    const { items } = await f.service.list({ limit: 10 });
    expect(items.map((i) => i.owner)).toEqual([{ userId: 'user-1' }, { userId: 'user-1' }]);
    expect(f.users.finds).toBe(1);
  });

  it('says when the source is gone, and leaves it open when the bucket cannot be asked', async () => {
    const f = fixture([firstJob, secondJob]);
    const { items } = await f.service.list({ limit: 10 });
    expect(items.map((i) => i.source?.exists)).toEqual([true, false]);
    const again = fixture([firstJob]);
    again.objects.failing.head = new Error('S3 down');
    const { items: unknown } = await again.service.list({ limit: 10 });
    expect(unknown[0]?.source?.exists).toBeUndefined();
  });

  it('holds no more than the limit asked for', async () => {
    const f = fixture([firstJob, secondJob]);
    const { items, approximateTotal } = await f.service.list({ limit: 1 });
    expect(items).toHaveLength(1);
    expect(approximateTotal).toBe(2);
  });
});

describe('redriving dead letters', () => {
  it('queues each rendition again, sends its job, then deletes the dead letter', async () => {
    const f = fixture([firstJob, secondJob]);
    const result = await f.service.redrive({ all: true });
    expect(result).toEqual({
      redriven: [
        { messageId: 'm-0', videoId: first.videoId, quality: '720p' },
        { messageId: 'm-1', videoId: second.videoId, quality: 'hls' },
      ],
      dropped: [],
      skipped: [],
      notFound: [],
    });
    expect(f.jobs.sent.map((j) => j.quality)).toEqual(['720p', 'hls']);
    expect(f.dlq.deletedIds).toEqual(['m-0', 'm-1']);
    const requeued = f.videos.items.get(first.videoId);
    expect(requeued?.renditions['720p']).toEqual({
      status: 'QUEUED',
      updatedAt: '2026-11-30T10:00:00.000Z',
    });
    expect(requeued?.status).not.toBe('FAILED');
  });

  it('moves only the selected messages, releases the rest, and names ids it did not find', async () => {
    const f = fixture([firstJob, secondJob]);
    const result = await f.service.redrive({ messageIds: ['m-1', 'm-9'] });
    expect(result.redriven.map((r) => r.messageId)).toEqual(['m-1']);
    expect(result.notFound).toEqual(['m-9']);
    expect(f.dlq.releasedIds).toEqual(['m-0']);
    expect(f.jobs.sent.map((j) => j.videoId)).toEqual([second.videoId]);
  });

  it('drops a dead letter whose video was deleted, sending nothing', async () => {
    const f = fixture([firstJob], []);
    const result = await f.service.redrive({ all: true });
    expect(result.dropped).toEqual([{ messageId: 'm-0', reason: 'the video was deleted' }]);
    expect(f.dlq.deletedIds).toEqual(['m-0']);
    expect(f.jobs.sent).toEqual([]);
  });

  it('drops a dead letter whose rendition became READY some other way', async () => {
    const ready = { ...first, renditions: { '720p': { status: 'READY' as const, updatedAt: at } } };
    const f = fixture([firstJob], [ready]);
    const result = await f.service.redrive({ all: true });
    expect(result.dropped).toEqual([{ messageId: 'm-0', reason: 'the 720p rendition is READY' }]);
    expect(f.jobs.sent).toEqual([]);
  });

  it('leaves a body that is not a job in the DLQ', async () => {
    const f = fixture(['not json']);
    const result = await f.service.redrive({ all: true });
    expect(result.skipped).toEqual([{ messageId: 'm-0', reason: 'job body is not JSON' }]);
    expect(f.dlq.releasedIds).toEqual(['m-0']);
    expect(f.dlq.deletedIds).toEqual([]);
  });

  it('keeps the dead letter and fails the rendition again when the job cannot be sent', async () => {
    const f = fixture([firstJob]);
    f.jobs.sendError = new Error('SQS down');
    const result = await f.service.redrive({ all: true });
    expect(result.skipped).toEqual([{ messageId: 'm-0', reason: 'could not enqueue: SQS down' }]);
    expect(result.redriven).toEqual([]);
    expect(f.dlq.deletedIds).toEqual([]);
    expect(f.dlq.releasedIds).toEqual(['m-0']);
    expect(f.videos.items.get(first.videoId)?.renditions['720p']).toMatchObject({
      status: 'FAILED',
      error: {
        code: 'INTERNAL',
        message: 'the job could not be sent again; an operator can retry the redrive',
      },
    });
  });

  it('releases what it had not handled yet when the video table fails mid-way', async () => {
    const f = fixture([firstJob, secondJob]);
    f.videos.failing.update = new Error('table unavailable');
    await expect(f.service.redrive({ all: true })).rejects.toThrow('table unavailable');
    expect(f.dlq.releasedIds.sort()).toEqual(['m-0', 'm-1']);
    expect(f.jobs.sent).toEqual([]);
  });
});
