import { describe, expect, it } from 'vitest';
import {
  DeleteCommand,
  PutCommand,
  QueryCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { PlatformEvent, VideoRepository } from '@videoforge/core';
import { DynamoEventOutbox } from '../../src/dynamo-event-outbox.ts';
import { OUTBOX_SHARDS, outboxPartition } from '../../src/outbox-items.ts';

type Item = Record<string, unknown>;

/** Just enough of a table with the outbox index for the outbox: puts, deletes, index queries. */
class FakeOutboxTable {
  readonly items = new Map<string, Item>();
  readonly sent: string[] = [];

  readonly client = {
    send: async (command: unknown) => this.send(command),
  } as unknown as DynamoDBDocumentClient;

  private async send(command: unknown): Promise<unknown> {
    if (command instanceof PutCommand) {
      const item = command.input.Item as Item;
      this.sent.push('Put');
      this.items.set(keyOf(item), item);
      return {};
    }
    if (command instanceof DeleteCommand) {
      const key = keyOf(command.input.Key as Item);
      const old = this.items.get(key);
      this.sent.push(`Delete ${String(command.input.Key?.PK)}`);
      this.items.delete(key);
      return command.input.ReturnValues === 'ALL_OLD' && old ? { Attributes: old } : {};
    }
    if (command instanceof QueryCommand) {
      const partition = command.input.ExpressionAttributeValues?.[':partition'];
      this.sent.push('Query');
      const all = [...this.items.values()]
        .filter((item) => item.GSI2PK === partition)
        .sort((a, b) => String(a.GSI2SK).localeCompare(String(b.GSI2SK)));
      const limit = command.input.Limit ?? all.length;
      const page = all.slice(0, limit);
      return { Items: page, LastEvaluatedKey: all.length > limit ? {} : undefined };
    }
    throw new Error('the fake table does not do this command');
  }
}

const keyOf = (item: Item) => `${String(item.PK)}|${String(item.SK)}`;
const at = (second: number) =>
  `2026-01-01T00:${String(Math.floor(second / 60)).padStart(2, '0')}:${String(second % 60).padStart(2, '0')}.000Z`;

function testEvent(id: string, second: number): PlatformEvent {
  return {
    id,
    type: 'webhook.test',
    timestamp: at(second),
    userId: 'u1',
    webhookId: 'wh_1',
    data: {},
  };
}

const noVideos = {} as VideoRepository;

function fixture() {
  const table = new FakeOutboxTable();
  return { table, outbox: new DynamoEventOutbox(table.client, 'videoforge', noVideos) };
}

const ids = (entries: { kind: string; entryId?: string }[]) => entries.map((e) => e.entryId);

describe('DynamoEventOutbox over the sharded index', () => {
  it('writes entries into many shards and reads every shard, returning the oldest overall first', async () => {
    const { table, outbox } = fixture();
    // Written newest first, so neither the order of writing nor one shard gives the answer.
    const events = Array.from({ length: 60 }, (_, i) => testEvent(`evt_${i}`, 59 - i));
    for (const event of events) await outbox.addEvent(event);
    expect(new Set([...table.items.values()].map((i) => i.PK)).size).toBeGreaterThan(8);

    table.sent.length = 0;
    const page = await outbox.pending(10);
    expect(table.sent).toEqual(Array(OUTBOX_SHARDS + 1).fill('Query'));
    const oldestTen = Array.from({ length: 10 }, (_, i) => `evt_${59 - i}`);
    expect(ids(page)).toEqual(oldestTen);
  });

  it('acknowledges a standalone entry with one delete at the key its id gives', async () => {
    const { table, outbox } = fixture();
    await outbox.addEvent(testEvent('evt_a', 1));
    await outbox.addRedelivery({ userId: 'u1', webhookId: 'wh_1', deliveryId: 'd1' });
    const [event, redelivery] = await outbox.pending(10);
    expect(event).toMatchObject({ kind: 'event', entryId: 'evt_a' });
    expect(redelivery).toMatchObject({ kind: 'redeliver', deliveryId: 'd1' });

    const requestId = (redelivery as { entryId: string }).entryId;
    expect(table.items.has(`${outboxPartition(requestId)}|REDELIVER#${requestId}`)).toBe(true);

    table.sent.length = 0;
    await outbox.acknowledge(event!);
    await outbox.acknowledge(redelivery!);
    expect(table.sent).toEqual([
      `Delete ${outboxPartition('evt_a')}`,
      `Delete ${outboxPartition(requestId)}`,
    ]);
    expect(await outbox.pending(10)).toEqual([]);
  });

  it('relays and acknowledges entries written before sharding, under PK = GSI2PK = OUTBOX, in the same order', async () => {
    const { table, outbox } = fixture();
    const legacyEvent = testEvent('evt_legacy', 2);
    table.items.set('OUTBOX|EVENT#evt_legacy', {
      PK: 'OUTBOX',
      SK: 'EVENT#evt_legacy',
      GSI2PK: 'OUTBOX',
      GSI2SK: `${at(2)}#evt_legacy`,
      entity: 'OUTBOX_EVENT',
      event: legacyEvent,
    });
    table.items.set('OUTBOX|REDELIVER#r-old', {
      PK: 'OUTBOX',
      SK: 'REDELIVER#r-old',
      GSI2PK: 'OUTBOX',
      GSI2SK: `${at(4)}#r-old`,
      entity: 'OUTBOX_REDELIVER',
      userId: 'u1',
      webhookId: 'wh_1',
      deliveryId: 'd-old',
    });
    await outbox.addEvent(testEvent('evt_new', 3));

    const entries = await outbox.pending(10);
    expect(ids(entries)).toEqual(['evt_legacy', 'evt_new', 'r-old']);
    for (const entry of entries) await outbox.acknowledge(entry);
    expect(table.items.size).toBe(0);
    expect(await outbox.pending(10)).toEqual([]);
  });
});
