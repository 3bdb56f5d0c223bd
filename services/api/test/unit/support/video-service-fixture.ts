import {
  InMemoryObjectStore,
  InMemoryUsageLedger,
  InMemoryVideos,
  ManualClock,
  RecordingJobQueue,
} from '@videoforge/testkit';
import { QuotaGuard } from '../../../src/videos/quota-guard.ts';
import { VideoService } from '../../../src/videos/video-service.ts';

export const MIB = 1024 * 1024;
export const USER = 'user-1';
export const QUOTAS = { maxVideos: 2, maxStoredBytes: 100 * MIB, transcodeMinutesPerDay: 10 };

/** A video service over in-memory ports, with what it wrote open to inspection. */
export function videoServiceFixture() {
  const videos = new InMemoryVideos();
  const objects = new InMemoryObjectStore();
  const jobs = new RecordingJobQueue();
  const usage = new InMemoryUsageLedger();
  const clock = new ManualClock('2026-11-30T10:00:00.000Z');
  const service = new VideoService({
    videos,
    objects,
    jobs,
    quotas: new QuotaGuard({ usage, quotas: QUOTAS, clock: clock.now }),
    limits: {
      maxUploadBytes: 50 * MIB,
      uploadUrlTtlSeconds: 900,
      playbackUrlTtlSeconds: 3600,
      multipartThresholdBytes: 20 * MIB,
      multipartPartBytes: 8 * MIB,
      maxRenditionRequeues: 1,
      renditionStaleSeconds: 90,
    },
    clock: clock.now,
  });
  return { service, videos, objects, jobs, usage, clock };
}

/** A request to create a video; override any field. */
export function aNewVideo(overrides: Partial<Parameters<VideoService['create']>[1]> = {}) {
  return {
    title: 'Holiday',
    filename: 'holiday.MP4',
    contentType: 'video/mp4',
    sizeBytes: 5 * MIB,
    ...overrides,
  };
}
