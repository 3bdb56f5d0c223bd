import { describe, expect, it } from 'vitest';
import type { EventOutbox, OutboxEntry, PlatformEvent } from '@videoforge/core';
import { createLogger } from '@videoforge/platform';
import type { FanOut } from '../../src/relay/fan-out.ts';
import { OutboxRelay } from '../../src/relay/outbox-relay.ts';

const event = (id: string): PlatformEvent => ({
  id,
  type: 'video.ready',
  timestamp: '2026-11-30T10:00:00.000Z',
  userId: 'u1',
  data: { videoId: 'v1' },
});

class MemoryOutbox implements EventOutbox {
  entries: OutboxEntry[] = [];
  async addEvent(e: PlatformEvent) {
    this.entries.push({ kind: 'event', entryId: e.id, event: e });
  }
  async addRedelivery() {}
  async pending(limit: number) {
    return this.entries.slice(0, limit);
  }
  async acknowledge(entry: OutboxEntry) {
    this.entries = this.entries.filter((e) => e !== entry);
  }
}

function fanOut(published: string[], failing: { now: boolean }): FanOut {
  return {
    publish: async (e) => {
      if (failing.now) throw new Error('Connection is closed.');
      published.push(e.id);
      return 1;
    },
    redeliver: async () => undefined,
  };
}

describe('OutboxRelay', () => {
  it('keeps every event in the outbox while BullMQ cannot take it, and relays them all once it can', async () => {
    const outbox = new MemoryOutbox();
    const published: string[] = [];
    const failing = { now: true };
    const relay = new OutboxRelay({
      outbox,
      fanOut: fanOut(published, failing),
      logger: createLogger('test', 'silent'),
    });
    await outbox.addEvent(event('evt_1'));
    await outbox.addEvent(event('evt_2'));

    await expect(relay.pass()).rejects.toThrow('Connection is closed.');
    expect(outbox.entries).toHaveLength(2);

    failing.now = false;
    expect(await relay.pass()).toBe(2);
    expect(published).toEqual(['evt_1', 'evt_2']);
    expect(outbox.entries).toEqual([]);
  });

  it('relays the events of a video item together and acknowledges exactly those', async () => {
    const outbox = new MemoryOutbox();
    const published: string[] = [];
    outbox.entries.push({
      kind: 'video-events',
      userId: 'u1',
      videoId: 'v1',
      events: [event('evt_a'), event('evt_b')],
    });
    const relay = new OutboxRelay({
      outbox,
      fanOut: fanOut(published, { now: false }),
      logger: createLogger('test', 'silent'),
      onPending: (count) => expect(count).toBe(1),
    });
    expect(await relay.pass()).toBe(1);
    expect(published).toEqual(['evt_a', 'evt_b']);
    expect(outbox.entries).toEqual([]);
  });
});
