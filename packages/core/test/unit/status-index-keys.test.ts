import { describe, expect, it } from 'vitest';
import {
  STATUS_INDEX_SHARDS,
  shardOf,
  statusIndexPartition,
  statusIndexPartitions,
  statusIndexSortKey,
  statusShardOf,
} from '../../src/index.ts';

/** UUIDv7-shaped ids one millisecond apart, as the api mints them in a burst. */
function burstIds(count: number): string[] {
  const start = 0x0190a0b0_0000;
  return Array.from({ length: count }, (_, i) => {
    const ms = (start + i).toString(16).padStart(12, '0');
    const rand = (i * 2_654_435_761).toString(16).padStart(12, '0').slice(-12);
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7000-8000-${rand}`;
  });
}

describe('the status index shard key', () => {
  it('is stable for a video and within the shard count', () => {
    const id = '0190a0b0-0000-7000-8000-000000000001';
    expect(statusShardOf(id)).toBe(statusShardOf(id));
    for (const videoId of burstIds(200)) {
      const shard = statusShardOf(videoId);
      expect(Number.isInteger(shard)).toBe(true);
      expect(shard).toBeGreaterThanOrEqual(0);
      expect(shard).toBeLessThan(STATUS_INDEX_SHARDS);
    }
  });

  it('spreads a burst of time-ordered ids over every shard, none with more than twice its share', () => {
    const counts = new Array<number>(STATUS_INDEX_SHARDS).fill(0);
    const ids = burstIds(1600);
    for (const videoId of ids) counts[statusShardOf(videoId)]! += 1;
    const share = ids.length / STATUS_INDEX_SHARDS;
    expect(Math.min(...counts)).toBeGreaterThan(0);
    expect(Math.max(...counts)).toBeLessThan(2 * share);
  });

  it('is the shared write-shard hash, which other sharded keys use with their own count', () => {
    const ids = burstIds(400);
    for (const id of ids) expect(statusShardOf(id)).toBe(shardOf(id, STATUS_INDEX_SHARDS));
    const inFour = new Set(ids.map((id) => shardOf(id, 4)));
    expect([...inFour].sort()).toEqual([0, 1, 2, 3]);
    // FNV-1a of the empty string is its offset basis, 0x811c9dc5 = 2166136261.
    expect(shardOf('', 1000)).toBe(2166136261 % 1000);
  });

  it('names one partition per shard and status, and orders entries by creation then id', () => {
    expect(statusIndexPartition('READY', 7)).toBe('STATUS#READY#7');
    const partitions = statusIndexPartitions('FAILED');
    expect(partitions).toHaveLength(STATUS_INDEX_SHARDS);
    expect(new Set(partitions).size).toBe(STATUS_INDEX_SHARDS);
    expect(partitions).toContain(`STATUS#FAILED#${STATUS_INDEX_SHARDS - 1}`);
    const older = statusIndexSortKey('2026-01-01T00:00:00.000Z', 'b');
    const newer = statusIndexSortKey('2026-01-01T00:00:00.001Z', 'a');
    const sameMsLaterId = statusIndexSortKey('2026-01-01T00:00:00.001Z', 'b');
    expect([sameMsLaterId, older, newer].sort()).toEqual([older, newer, sameMsLaterId]);
  });
});
