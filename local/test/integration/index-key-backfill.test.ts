import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { PlatformEvent, Video } from '@videoforge/core';
import { createLogger } from '@videoforge/platform';
import {
  DynamoEventOutbox,
  DynamoVideoCatalog,
  DynamoVideoRepository,
  awsEnvShape,
  backfillVideoIndexKeys,
  createDynamoDocumentClient,
  toAwsSettings,
  videoIndexKeys,
} from '@videoforge/adapters';
import { aVideo } from '@videoforge/testkit';
import { startLocalStack, type LocalStack } from '../../src/index.ts';

const videoIdOf = (n: number) => `0193c000-0000-7000-8000-${n.toString(16).padStart(12, '0')}`;
const OWNER = 'backfill-owner';

function pendingEvent(videoId: string): PlatformEvent {
  return {
    id: `evt_${videoId.slice(-6)}`,
    type: 'video.ready',
    timestamp: '2026-06-01T00:00:00.000Z',
    userId: OWNER,
    data: { videoId },
  };
}

describe('backfilling video index keys against the DynamoDB emulator', () => {
  let stack: LocalStack;
  let dir: string;
  let client: DynamoDBDocumentClient;
  let table: string;
  let videos: DynamoVideoRepository;
  const written: Video[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'videoforge-index-backfill-'));
    stack = await startLocalStack({
      dataDir: dir,
      ports: { aws: 0, dynamodb: 0, cognito: 0, memcached: 0 },
      adminPassword: 'Index-Backfill-1',
      memcached: false,
      redis: false,
      logger: createLogger('index-backfill-test', 'silent'),
    });
    client = createDynamoDocumentClient(toAwsSettings(z.object(awsEnvShape).parse(stack.env)));
    table = stack.env.DYNAMODB_TABLE as string;
    videos = new DynamoVideoRepository(client, table);
    for (let n = 1; n <= 6; n++) {
      const videoId = videoIdOf(n);
      const video = aVideo({
        userId: OWNER,
        videoId,
        status: 'READY',
        ...(n % 2 === 0 && { outbox: [pendingEvent(videoId)] }),
      });
      await videos.create(video);
      written.push(video);
    }
    // Videos 1-4 as the code before the sharding wrote them: one status partition, one outbox.
    for (const video of written.slice(0, 4)) await writeLegacyKeys(video);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function writeLegacyKeys(video: Video): Promise<void> {
    const legacyOutbox = video.outbox ? ', GSI2PK = :outbox' : '';
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: { PK: `USER#${OWNER}`, SK: `VIDEO#${video.videoId}` },
        UpdateExpression: `SET GSI1PK = :status${legacyOutbox}`,
        ExpressionAttributeValues: {
          ':status': `STATUS#${video.status}`,
          ...(video.outbox && { ':outbox': 'OUTBOX' }),
        },
      }),
    );
  }

  async function indexKeysOf(videoId: string) {
    const { Item } = await client.send(
      new GetCommand({ TableName: table, Key: { PK: `USER#${OWNER}`, SK: `VIDEO#${videoId}` } }),
    );
    const { GSI1PK, GSI1SK, GSI2PK, GSI2SK } = Item ?? {};
    return Object.fromEntries(
      Object.entries({ GSI1PK, GSI1SK, GSI2PK, GSI2SK }).filter(([, v]) => v !== undefined),
    );
  }

  it('counts the stale items in a dry run and changes nothing', async () => {
    const pages: number[] = [];
    const report = await backfillVideoIndexKeys(client, table, {
      dryRun: true,
      pageSize: 2,
      onPage: (r) => pages.push(r.scanned),
    });
    expect(report).toEqual({ scanned: 6, rewritten: 4, raced: 0 });
    expect(pages.length).toBeGreaterThan(1);
    expect(await indexKeysOf(videoIdOf(1))).toMatchObject({ GSI1PK: 'STATUS#READY' });
  });

  it('rewrites the stale keys to the current scheme, and a second run rewrites nothing', async () => {
    expect(await backfillVideoIndexKeys(client, table, { pageSize: 2 })).toEqual({
      scanned: 6,
      rewritten: 4,
      raced: 0,
    });
    for (const video of written)
      expect(await indexKeysOf(video.videoId)).toEqual(videoIndexKeys(video));
    expect(await backfillVideoIndexKeys(client, table)).toEqual({
      scanned: 6,
      rewritten: 0,
      raced: 0,
    });
  });

  it('leaves every rewritten video where the listings and the relay find it', async () => {
    const outbox = new DynamoEventOutbox(client, table, videos);
    const pending = await outbox.pending(10);
    const relayed = pending.flatMap((e) => (e.kind === 'video-events' ? [e.videoId] : []));
    expect(relayed.sort()).toEqual([videoIdOf(2), videoIdOf(4), videoIdOf(6)]);
    const listed = await new DynamoVideoCatalog(client, table).listByStatus('READY', { limit: 10 });
    expect(listed.items.map((v) => v.videoId).sort()).toEqual(written.map((v) => v.videoId).sort());
  });
});
