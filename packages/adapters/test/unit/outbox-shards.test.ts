import { describe, expect, it } from 'vitest';
import { shardOf } from '@videoforge/core';
import {
  LEGACY_OUTBOX_PARTITION,
  OUTBOX_SHARDS,
  outboxEventItem,
  outboxIndex,
  outboxPartition,
  outboxPartitions,
  outboxRedeliveryItem,
} from '../../src/outbox-items.ts';
import { mergeOldestFirst, type ShardPage } from '../../src/shard-merge.ts';

const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;

interface Entry {
  GSI2SK: string;
}
const entry = (second: number, name: string): Entry => ({ GSI2SK: `${at(second)}#${name}` });
const page = (entries: Entry[], more = false): ShardPage<Entry> => ({ entries, more });
const names = (entries: Entry[]) => entries.map((e) => e.GSI2SK.split('#')[1]);
const merge = (pages: ShardPage<Entry>[], limit: number) =>
  names(mergeOldestFirst(pages, limit, (e) => e.GSI2SK));

describe('the outbox shard keys', () => {
  it('put an entry in OUTBOX#{shard}, the shard hashed from the name of the entry with the shared hash', () => {
    const videoId = '0190a0b0-0000-7000-8000-000000000001';
    const keys = outboxIndex(at(3), `VIDEO#${videoId}`);
    expect(keys).toEqual({
      GSI2PK: `OUTBOX#${shardOf(`VIDEO#${videoId}`, OUTBOX_SHARDS)}`,
      GSI2SK: `${at(3)}#VIDEO#${videoId}`,
    });
    expect(outboxIndex(at(9), `VIDEO#${videoId}`).GSI2PK).toBe(keys.GSI2PK);
  });

  it('spread many entries over every shard', () => {
    const ids = Array.from({ length: 800 }, (_, i) => `evt_${(i * 2_654_435_761).toString(16)}`);
    const counts = new Map<string, number>();
    for (const id of ids)
      counts.set(outboxPartition(id), (counts.get(outboxPartition(id)) ?? 0) + 1);
    expect(counts.size).toBe(OUTBOX_SHARDS);
    expect(Math.max(...counts.values())).toBeLessThan((2 * ids.length) / OUTBOX_SHARDS);
  });

  it('store a standalone entry in the table partition of its shard, so its key follows from its id', () => {
    const event = {
      id: 'evt_0123456789abcdef',
      type: 'webhook.test' as const,
      timestamp: at(1),
      userId: 'u1',
      webhookId: 'wh_1',
      data: {},
    };
    const item = outboxEventItem(event);
    expect(item).toMatchObject({
      PK: outboxPartition(event.id),
      SK: `EVENT#${event.id}`,
      GSI2PK: outboxPartition(event.id),
      GSI2SK: `${at(1)}#${event.id}`,
    });
    const request = { userId: 'u1', webhookId: 'wh_1', deliveryId: 'd1' };
    expect(outboxRedeliveryItem('r-1', at(2), request)).toEqual({
      PK: outboxPartition('r-1'),
      SK: 'REDELIVER#r-1',
      GSI2PK: outboxPartition('r-1'),
      GSI2SK: `${at(2)}#r-1`,
      entity: 'OUTBOX_REDELIVER',
      ...request,
    });
  });

  it('are all read by the relay: every shard once, then the partition written before sharding', () => {
    const partitions = outboxPartitions();
    expect(partitions).toHaveLength(OUTBOX_SHARDS + 1);
    expect(new Set(partitions).size).toBe(OUTBOX_SHARDS + 1);
    expect(partitions.at(-1)).toBe(LEGACY_OUTBOX_PARTITION);
    for (const id of ['a', 'b', 'evt_1', 'VIDEO#v'])
      expect(partitions).toContain(outboxPartition(id));
  });
});

describe('merging the outbox shards oldest first', () => {
  it('takes the oldest entries overall, whichever shard holds them, at most limit', () => {
    const pages = [
      page([entry(1, 'a'), entry(4, 'd'), entry(9, 'i')]),
      page([entry(2, 'b'), entry(6, 'f')]),
      page([]),
      page([entry(3, 'c'), entry(5, 'e'), entry(7, 'g'), entry(8, 'h')]),
    ];
    expect(merge(pages, 4)).toEqual(['a', 'b', 'c', 'd']);
    expect(merge(pages, 20)).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i']);
    expect(merge([page([]), page([])], 5)).toEqual([]);
  });

  it('does not starve a shard: one shard full of old entries fills the page, the newer ones wait', () => {
    const backlog = Array.from({ length: 5 }, (_, i) => entry(i, `old${i}`));
    const pages = [page(backlog, true), page([entry(30, 'new1')]), page([entry(31, 'new2')])];
    expect(merge(pages, 5)).toEqual(['old0', 'old1', 'old2', 'old3', 'old4']);
    // And once that backlog is older than nothing else, the other shards' entries come in order.
    const after = [
      page([entry(40, 'later')]),
      page([entry(30, 'new1')]),
      page([entry(31, 'new2')]),
    ];
    expect(merge(after, 5)).toEqual(['new1', 'new2', 'later']);
  });

  it('stops at the last entry of a shard that was cut short, so nothing it holds is passed over', () => {
    // Shard 0 returned two entries of more (a 1 MB page): its third could be older than 'c'.
    const pages = [
      page([entry(1, 'a'), entry(3, 'b')], true),
      page([entry(2, 'x'), entry(4, 'c'), entry(5, 'd')]),
    ];
    expect(merge(pages, 10)).toEqual(['a', 'x', 'b']);
  });
});
