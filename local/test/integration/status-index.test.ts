import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  recordProgress,
  statusIndexPartition,
  statusShardOf,
  type Video,
  type VideoStatus,
} from '@videoforge/core';
import { createLogger } from '@videoforge/platform';
import {
  DynamoVideoCatalog,
  DynamoVideoRepository,
  STATUS_INDEX,
  awsEnvShape,
  createDynamoDocumentClient,
  toAwsSettings,
} from '@videoforge/adapters';
import { aVideo } from '@videoforge/testkit';
import { startLocalStack, type LocalStack } from '../../src/index.ts';

let counter = 0;
/** Time-ordered ids like the api's UUIDv7s, unique per run. */
const videoId = () =>
  `0193${Date.now().toString(16).slice(-4)}-0000-7000-8000-${(++counter).toString(16).padStart(12, '0')}`;

describe('the sharded status index against the DynamoDB emulator', () => {
  let stack: LocalStack;
  let dir: string;
  let client: DynamoDBDocumentClient;
  let table: string;
  let videos: DynamoVideoRepository;
  let catalog: DynamoVideoCatalog;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'videoforge-status-index-'));
    stack = await startLocalStack({
      dataDir: dir,
      ports: { aws: 0, dynamodb: 0, cognito: 0, memcached: 0 },
      adminPassword: 'Status-Index-1',
      memcached: false,
      redis: false,
      logger: createLogger('status-index-test', 'silent'),
    });
    client = createDynamoDocumentClient(toAwsSettings(z.object(awsEnvShape).parse(stack.env)));
    table = stack.env.DYNAMODB_TABLE as string;
    videos = new DynamoVideoRepository(client, table);
    catalog = new DynamoVideoCatalog(client, table);
  });
  afterAll(async () => {
    client?.destroy();
    await stack?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** The video's entry in its shard of `status`, as the index holds it (undefined when absent). */
  async function indexEntry(video: Video, status: VideoStatus) {
    const out = await client.send(
      new QueryCommand({
        TableName: table,
        IndexName: STATUS_INDEX,
        KeyConditionExpression: 'GSI1PK = :partition',
        ExpressionAttributeValues: {
          ':partition': statusIndexPartition(status, statusShardOf(video.videoId)),
        },
      }),
    );
    return out.Items?.find((item) => item.SK === `VIDEO#${video.videoId}`);
  }

  it('keeps progress writes off the index: the entry holds keys only and stays the same', async () => {
    const at = new Date().toISOString();
    const video = aVideo({
      videoId: videoId(),
      userId: 'progress-owner',
      createdAt: at,
      renditions: { '720p': { status: 'PROCESSING', updatedAt: at } },
    });
    await videos.create(video);
    const before = await indexEntry(video, 'PROCESSING');
    expect(Object.keys(before ?? {}).sort()).toEqual(['GSI1PK', 'GSI1SK', 'PK', 'SK']);

    for (const percent of [20, 55]) {
      const result = await videos.update(video.userId, video.videoId, (current) =>
        recordProgress(current, '720p', { percent, etaSeconds: 9 }, new Date().toISOString()),
      );
      expect(result?.changed).toBe(true);
    }
    const stored = await videos.get(video.userId, video.videoId);
    expect([stored?.renditions['720p']?.progress, stored?.version]).toEqual([55, 3]);
    expect(await indexEntry(video, 'PROCESSING')).toEqual(before);

    // A status change is what moves the entry: out of PROCESSING, into READY.
    await videos.update(video.userId, video.videoId, (current) => ({
      ...current,
      status: 'READY',
    }));
    expect(await indexEntry(video, 'PROCESSING')).toBeUndefined();
    expect((await indexEntry(video, 'READY'))?.GSI1SK).toBe(before?.GSI1SK);
  });

  it('lists one status over every shard, newest first, page by page, each video once', async () => {
    const start = Date.parse('2026-06-01T00:00:00.000Z');
    const failed = Array.from({ length: 37 }, (_, i) =>
      aVideo({
        videoId: videoId(),
        userId: `owner-${i % 3}`,
        status: 'FAILED',
        // Two videos per millisecond: the id breaks the tie.
        createdAt: new Date(start + Math.floor(i / 2)).toISOString(),
      }),
    );
    for (const video of failed) await videos.create(video);
    await videos.create(aVideo({ videoId: videoId(), userId: 'owner-0', status: 'READY' }));
    expect(new Set(failed.map((v) => statusShardOf(v.videoId))).size).toBeGreaterThan(8);

    const listed: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await catalog.listByStatus('FAILED', { limit: 5, cursor });
      expect(page.items.length).toBeLessThanOrEqual(5);
      listed.push(...page.items.map((v) => v.videoId));
      expect(page.items.every((v) => v.status === 'FAILED' && v.title === 'Clip')).toBe(true);
      cursor = page.nextCursor;
      pages++;
    } while (cursor);

    const newestFirst = [...failed]
      .sort((a, b) => `${b.createdAt}#${b.videoId}`.localeCompare(`${a.createdAt}#${a.videoId}`))
      .map((v) => v.videoId);
    expect(listed).toEqual(newestFirst);
    expect(pages).toBe(8);
  });
});
