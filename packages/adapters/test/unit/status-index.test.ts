import { describe, expect, it } from 'vitest';
import { ValidationError, statusIndexPartition, statusShardOf } from '@videoforge/core';
import {
  decodeStatusCursor,
  encodeStatusCursor,
  mergeNewestFirst,
  statusIndexAttributes,
  type StatusIndexEntry,
} from '../../src/dynamo-status-index.ts';

function entry(shard: number, createdAt: string, videoId: string): StatusIndexEntry {
  return {
    GSI1PK: statusIndexPartition('READY', shard),
    GSI1SK: `${createdAt}#${videoId}`,
    PK: 'USER#u',
    SK: `VIDEO#${videoId}`,
  };
}

const at = (second: number) => `2026-01-01T00:00:${String(second).padStart(2, '0')}.000Z`;

/** Shards as a query returns them (newest first), items spread unevenly over three shards. */
const shards = [
  [entry(0, at(9), 'i'), entry(0, at(4), 'd'), entry(0, at(1), 'a')],
  [entry(1, at(8), 'h'), entry(1, at(7), 'g'), entry(1, at(6), 'f'), entry(1, at(2), 'b')],
  [entry(2, at(5), 'e'), entry(2, at(3), 'c')],
];

/** What a shard query answers past a cursor: entries sorting before it, at most `limit`. */
function shardPage(shard: readonly StatusIndexEntry[], limit: number, before?: string) {
  return shard.filter((e) => before === undefined || e.GSI1SK < before).slice(0, limit);
}

describe('listing the sharded status index', () => {
  it('merges the shards newest first and says whether more remain', () => {
    const page = mergeNewestFirst(shards, 4);
    expect(page.entries.map((e) => e.SK)).toEqual(['VIDEO#i', 'VIDEO#h', 'VIDEO#g', 'VIDEO#f']);
    expect(page.more).toBe(true);
    expect(mergeNewestFirst(shards, 9).more).toBe(false);
    expect(mergeNewestFirst([[], []], 5)).toEqual({ entries: [], more: false });
  });

  it('pages through every shard with one cursor: all entries, in order, once, and a last page that says so', () => {
    const limit = 2;
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const { entries, more } = mergeNewestFirst(
        shards.map((shard) => shardPage(shard, limit + 1, before)),
        limit,
      );
      seen.push(...entries.map((e) => e.SK.replace('VIDEO#', '')));
      const cursor = more ? encodeStatusCursor('READY', entries.at(-1)!.GSI1SK) : undefined;
      before = cursor ? decodeStatusCursor('READY', cursor) : undefined;
      pages++;
    } while (before);
    expect(seen).toEqual(['i', 'h', 'g', 'f', 'e', 'd', 'c', 'b', 'a']);
    expect(pages).toBe(5);
  });

  it('refuses a cursor of another status or a forged one, naming the cursor', () => {
    const cursor = encodeStatusCursor('READY', at(5));
    expect(decodeStatusCursor('READY', cursor)).toBe(at(5));
    for (const bad of [
      encodeStatusCursor('FAILED', at(5)),
      Buffer.from(JSON.stringify({ status: 'READY', before: at(5), extra: 1 })).toString(
        'base64url',
      ),
      Buffer.from(JSON.stringify({ status: 'READY', before: '' })).toString('base64url'),
      'not-base64-json',
    ]) {
      let error: unknown;
      try {
        decodeStatusCursor('READY', bad);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe('cursor');
    }
  });

  it("puts a video's entry in its shard of its status, ordered by creation time", () => {
    const video = { status: 'PROCESSING' as const, createdAt: at(3), videoId: 'v1' };
    expect(statusIndexAttributes(video)).toEqual({
      GSI1PK: `STATUS#PROCESSING#${statusShardOf('v1')}`,
      GSI1SK: `${at(3)}#v1`,
    });
  });
});
