import type { JobTarget } from '../domain/qualities.ts';
import type { Failure, RenditionStatus, Video, VideoStatus } from '../domain/video.ts';

/** What a webhook can subscribe to. `webhook.test` is only ever sent to the webhook that asked. */
export const SUBSCRIBABLE_EVENT_TYPES = [
  'video.uploaded',
  'rendition.ready',
  'rendition.failed',
  'video.ready',
  'video.failed',
  'video.deleted',
] as const;
export const EVENT_TYPES = [...SUBSCRIBABLE_EVENT_TYPES, 'webhook.test'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export type SubscribableEventType = (typeof SUBSCRIBABLE_EVENT_TYPES)[number];

export interface VideoEventData {
  /** Every event but `webhook.test`, which is about no video. */
  videoId?: string;
  title?: string;
  status?: VideoStatus;
  durationSec?: number;
  /** rendition.* only */
  quality?: JobTarget;
  renditionStatus?: RenditionStatus;
  /** video.failed and rendition.failed: the same code and sentence users see in the API. */
  failure?: Failure;
  [key: string]: unknown;
}

/**
 * One thing that happened, as receivers get it. `id` is fixed when the event is first written and
 * is the `webhook-id` of every delivery and retry of it, so receivers can drop duplicates.
 */
export interface PlatformEvent {
  id: string;
  type: EventType;
  /** ISO-8601, when the transition was written. */
  timestamp: string;
  userId: string;
  data: VideoEventData;
  /** Set on `webhook.test`: the one webhook it goes to. */
  webhookId?: string;
}

/** The JSON body a receiver gets (Standard Webhooks: type, timestamp, data). */
export function webhookPayload(event: PlatformEvent): string {
  return JSON.stringify({ type: event.type, timestamp: event.timestamp, data: event.data });
}

export function newEventId(uuid: string): string {
  return `evt_${uuid.replaceAll('-', '')}`;
}

/**
 * The events a write from `before` to `after` produces: derived from the state change itself, so
 * every writer (Lambda, worker, api, maintenance) emits them without knowing about events, and
 * they are stored in the same conditional write as the change (see the repository's outbox).
 */
export function eventsBetween(
  before: Video,
  after: Video,
  newId: () => string,
  now: string,
): PlatformEvent[] {
  const events: PlatformEvent[] = [];
  const emit = (type: EventType, data: Partial<VideoEventData> = {}) =>
    events.push({
      id: newId(),
      type,
      timestamp: now,
      userId: after.userId,
      data: { videoId: after.videoId, title: after.title, status: after.status, ...data },
    });

  if (before.status === 'PENDING_UPLOAD' && after.status !== 'PENDING_UPLOAD') {
    emit('video.uploaded', { sizeBytes: after.sizeBytes, contentType: after.contentType });
  }
  for (const [quality, rendition] of Object.entries(after.renditions) as [
    JobTarget,
    NonNullable<Video['renditions'][JobTarget]>,
  ][]) {
    const previous = before.renditions[quality]?.status;
    if (previous === rendition.status) continue;
    if (rendition.status === 'READY') {
      emit('rendition.ready', {
        quality,
        renditionStatus: 'READY',
        sizeBytes: rendition.sizeBytes,
      });
    } else if (rendition.status === 'FAILED') {
      emit('rendition.failed', { quality, renditionStatus: 'FAILED', failure: rendition.error });
    }
  }
  if (before.status !== after.status) {
    if (after.status === 'READY') emit('video.ready', { durationSec: after.durationSec });
    if (after.status === 'FAILED') emit('video.failed', { failure: after.failure });
  }
  return events;
}

export function videoDeletedEvent(video: Video, id: string, now: string): PlatformEvent {
  return {
    id,
    type: 'video.deleted',
    timestamp: now,
    userId: video.userId,
    data: { videoId: video.videoId, title: video.title },
  };
}
