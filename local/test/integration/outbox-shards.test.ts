import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { recordProgress, type OutboxEntry, type PlatformEvent } from '@videoforge/core';
import { createLogger } from '@videoforge/platform';
import {
  DynamoEventOutbox,
  DynamoVideoRepository,
  OUTBOX_INDEX,
  awsEnvShape,
  createDynamoDocumentClient,
  outboxPartitions,
  toAwsSettings,
} from '@videoforge/adapters';
import { OutboxRelay, type createFanOut } from '@videoforge/events';
import { aVideo } from '@videoforge/testkit';
import { startLocalStack, type LocalStack } from '../../src/index.ts';

type FanOut = ReturnType<typeof createFanOut>;

const at = (second: number) => new Date(Date.UTC(2026, 5, 1, 0, 0, second)).toISOString();

function anEvent(id: string, second: number, videoId?: string): PlatformEvent {
  return {
    id,
    type: videoId ? 'video.ready' : 'webhook.test',
    timestamp: at(second),
    userId: 'outbox-owner',
    data: videoId ? { videoId } : {},
    ...(videoId ? {} : { webhookId: 'wh_outbox' }),
  };
}

/** The first id the relay hands on for an entry. */
function firstIdOf(entry: OutboxEntry): string | undefined {
  if (entry.kind === 'video-events') return entry.events[0]?.id;
  return entry.kind === 'event' ? entry.event.id : entry.deliveryId;
}

const videoIdOf = (n: number) => `0193b000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;

describe('the sharded outbox against the DynamoDB emulator', () => {
  let stack: LocalStack;
  let dir: string;
  let client: DynamoDBDocumentClient;
  let table: string;
  let videos: DynamoVideoRepository;
  let outbox: DynamoEventOutbox;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'videoforge-outbox-shards-'));
    stack = await startLocalStack({
      dataDir: dir,
      ports: { aws: 0, dynamodb: 0, cognito: 0, memcached: 0 },
      adminPassword: 'Outbox-Shards-1',
      memcached: false,
      redis: false,
      logger: createLogger('outbox-shards-test', 'silent'),
    });
    client = createDynamoDocumentClient(toAwsSettings(z.object(awsEnvShape).parse(stack.env)));
    table = stack.env.DYNAMODB_TABLE as string;
    videos = new DynamoVideoRepository(client, table);
    outbox = new DynamoEventOutbox(client, table, videos);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every index entry, by partition, as the relay would read them. */
  async function indexEntries() {
    const byPartition = new Map<string, Record<string, unknown>[]>();
    for (const partition of outboxPartitions()) {
      const out = await client.send(
        new QueryCommand({
          TableName: table,
          IndexName: OUTBOX_INDEX,
          KeyConditionExpression: 'GSI2PK = :p',
          ExpressionAttributeValues: { ':p': partition },
        }),
      );
      if (out.Items?.length) byPartition.set(partition, out.Items);
    }
    return byPartition;
  }

  it('relays entries from many shards and the pre-sharding partition, oldest first, and leaves none', async () => {
    // What the relay should hand on, by the time of each entry's oldest event.
    const expected: { second: number; ids: string[] }[] = [];
    const seconds = [17, 3, 29, 11, 23, 7, 31, 1, 19, 13, 27, 5];
    for (const [i, second] of seconds.entries()) {
      await outbox.addEvent(anEvent(`evt_standalone_${i}`, second));
      expected.push({ second, ids: [`evt_standalone_${i}`] });
    }
    for (const [i, second] of [8, 2, 26, 14].entries()) {
      const videoId = videoIdOf(i + 1);
      const events = [
        anEvent(`evt_video_${i}_a`, second, videoId),
        anEvent(`evt_video_${i}_b`, second + 30, videoId),
      ];
      await videos.create(
        aVideo({ videoId, userId: 'outbox-owner', status: 'READY', outbox: events }),
      );
      expected.push({ second, ids: events.map((e) => e.id) });
    }
    // Written before the outbox was sharded: a standalone event and a video, under OUTBOX.
    const legacyEvent = anEvent('evt_legacy', 9);
    await client.send(
      new PutCommand({
        TableName: table,
        Item: {
          PK: 'OUTBOX',
          SK: 'EVENT#evt_legacy',
          GSI2PK: 'OUTBOX',
          GSI2SK: `${at(9)}#evt_legacy`,
          entity: 'OUTBOX_EVENT',
          event: legacyEvent,
        },
      }),
    );
    const legacyVideoId = videoIdOf(99);
    const legacyVideoEvent = anEvent('evt_legacy_video', 4, legacyVideoId);
    await client.send(
      new PutCommand({
        TableName: table,
        Item: {
          PK: 'USER#outbox-owner',
          SK: `VIDEO#${legacyVideoId}`,
          GSI2PK: 'OUTBOX',
          GSI2SK: `${at(4)}#VIDEO#${legacyVideoId}`,
          entity: 'VIDEO',
          ...aVideo({
            videoId: legacyVideoId,
            userId: 'outbox-owner',
            status: 'READY',
            outbox: [legacyVideoEvent],
          }),
        },
      }),
    );
    expected.push({ second: 9, ids: ['evt_legacy'] }, { second: 4, ids: ['evt_legacy_video'] });
    // A redelivery is written now: newer than everything above.
    await outbox.addRedelivery({
      userId: 'outbox-owner',
      webhookId: 'wh_outbox',
      deliveryId: 'del_last',
    });
    expected.push({ second: Number.MAX_SAFE_INTEGER, ids: ['del_last'] });

    const partitions = await indexEntries();
    expect(partitions.size).toBeGreaterThanOrEqual(6);
    expect(partitions.get('OUTBOX')).toHaveLength(2);

    const oldestFirst = expected.sort((a, b) => a.second - b.second);
    const firstThree = await outbox.pending(3);
    expect(firstThree.map(firstIdOf)).toEqual(oldestFirst.slice(0, 3).map((e) => e.ids[0]));

    const relayed: string[] = [];
    const fanOut = {
      publish: async (event: PlatformEvent) => relayed.push(event.id),
      redeliver: async (request: { deliveryId: string }) => void relayed.push(request.deliveryId),
    } as unknown as FanOut;
    const relay = new OutboxRelay({ outbox, fanOut, logger: createLogger('relay', 'silent') });
    expect(await relay.pass()).toBe(expected.length);
    expect(relayed).toEqual(oldestFirst.flatMap((e) => e.ids));
    expect(await outbox.pending(100)).toEqual([]);
    expect((await indexEntries()).size).toBe(0);
    expect((await videos.get('outbox-owner', legacyVideoId))?.outbox).toBeUndefined();
  });

  it('projects only what the relay reads, so a progress write on a video with pending events leaves the index entry as it was', async () => {
    const videoId = videoIdOf(200);
    const startedAt = new Date().toISOString();
    await videos.create(
      aVideo({
        videoId,
        userId: 'outbox-owner',
        renditions: { '720p': { status: 'PROCESSING', updatedAt: startedAt } },
        outbox: [anEvent('evt_progress', 40, videoId)],
      }),
    );
    const entryOf = async () =>
      [...(await indexEntries()).values()].flat().find((e) => e.SK === `VIDEO#${videoId}`);
    const before = await entryOf();
    expect(Object.keys(before ?? {}).sort()).toEqual([
      'GSI2PK',
      'GSI2SK',
      'PK',
      'SK',
      'entity',
      'outbox',
      'userId',
      'videoId',
    ]);
    const progressed = await videos.update('outbox-owner', videoId, (current) =>
      recordProgress(current, '720p', { percent: 40, etaSeconds: 5 }, new Date().toISOString()),
    );
    expect(progressed?.changed).toBe(true);
    expect(progressed?.video.outbox).toHaveLength(1);
    expect(await entryOf()).toEqual(before);
  });
});
