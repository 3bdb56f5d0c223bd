import { shardOf, type PlatformEvent } from '@videoforge/core';

/** Items waiting for the events relay carry these: a sparse index holds nothing else. */
export const OUTBOX_INDEX = 'GSI2';

/**
 * The outbox is write-sharded like the status index (same hash, `shardOf` in core): an entry lives
 * in one of this many partitions, of the index and, for standalone entries, of the table. The relay
 * reads every shard and merges. Changing the count moves entries: see docs/performance-table.md.
 */
export const OUTBOX_SHARDS = 16;

/**
 * The one partition every entry used before the outbox was sharded. The relay still reads it and
 * acknowledges what it finds there, so events written before an upgrade are relayed, not stranded.
 */
export const LEGACY_OUTBOX_PARTITION = 'OUTBOX';

/** What the relay reads of an item (besides the keys): GSI2 projects only these. */
export const OUTBOX_PROJECTED_ATTRIBUTES = [
  'entity',
  'outbox',
  'event',
  'userId',
  'videoId',
  'webhookId',
  'deliveryId',
] as const;

/** The partition of the entry named `entryName` (`VIDEO#{videoId}`, an event id, a request id). */
export function outboxPartition(entryName: string): string {
  return `OUTBOX#${shardOf(entryName, OUTBOX_SHARDS)}`;
}

/** Every partition the relay reads: the shards, then the legacy partition. */
export function outboxPartitions(): string[] {
  const shards = Array.from({ length: OUTBOX_SHARDS }, (_, shard) => `OUTBOX#${shard}`);
  return [...shards, LEGACY_OUTBOX_PARTITION];
}

/**
 * The index keys of an entry: its shard comes from `entryName`, which names it uniquely, and it
 * sorts by the time its oldest pending event was written, then by that name (a total order).
 */
export function outboxIndex(oldestAt: string, entryName: string) {
  return { GSI2PK: outboxPartition(entryName), GSI2SK: `${oldestAt}#${entryName}` };
}

/** The table key of a standalone entry: in its shard's partition, so no one partition takes them all. */
export function standaloneOutboxKey(kind: 'EVENT' | 'REDELIVER', entryId: string) {
  return { PK: outboxPartition(entryId), SK: `${kind}#${entryId}` };
}

/** A standalone event (its video item may be gone): `PK = OUTBOX#{shard}`, `SK = EVENT#{id}`. */
export function outboxEventItem(event: PlatformEvent): Record<string, unknown> {
  return {
    ...standaloneOutboxKey('EVENT', event.id),
    ...outboxIndex(event.timestamp, event.id),
    entity: 'OUTBOX_EVENT',
    event,
  };
}

/** A user's request to send a delivery again: `PK = OUTBOX#{shard}`, `SK = REDELIVER#{id}`. */
export function outboxRedeliveryItem(
  entryId: string,
  requestedAt: string,
  request: { userId: string; webhookId: string; deliveryId: string },
): Record<string, unknown> {
  return {
    ...standaloneOutboxKey('REDELIVER', entryId),
    ...outboxIndex(requestedAt, entryId),
    entity: 'OUTBOX_REDELIVER',
    ...request,
  };
}
