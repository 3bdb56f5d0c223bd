import type { PlatformEvent } from '../events/platform-event.ts';

/**
 * Work for the events relay, written in the same store as the state it describes:
 * - `video-events`: events stored on the video item by the very write that made the transition;
 * - `event`: a standalone event (video.deleted, once the item is gone; webhook.test);
 * - `redeliver`: a user asked to send a delivery again.
 */
export type OutboxEntry =
  | { kind: 'video-events'; userId: string; videoId: string; events: PlatformEvent[] }
  | { kind: 'event'; entryId: string; event: PlatformEvent }
  | { kind: 'redeliver'; entryId: string; userId: string; webhookId: string; deliveryId: string };

export interface EventOutbox {
  addEvent(event: PlatformEvent): Promise<void>;
  addRedelivery(request: { userId: string; webhookId: string; deliveryId: string }): Promise<void>;
  /** Oldest first. */
  pending(limit: number): Promise<OutboxEntry[]>;
  /** Removes exactly what `entry` carried (events written since stay for the next pass). */
  acknowledge(entry: OutboxEntry): Promise<void>;
}
