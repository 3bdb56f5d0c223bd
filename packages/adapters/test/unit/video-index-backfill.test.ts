import { describe, expect, it } from 'vitest';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Video } from '@videoforge/core';
import { backfillVideoIndexKeys } from '../../src/video-index-backfill.ts';
import { staleIndexKeys, videoIndexKeys } from '../../src/video-index-keys.ts';

const at = '2026-11-30T10:00:00.000Z';
const video: Video = {
  videoId: '0193c000-0000-7000-8000-000000000001',
  userId: 'u1',
  title: 'Clip',
  description: '',
  status: 'PROCESSING',
  sourceKey: 'raw/u1/0193c000-0000-7000-8000-000000000001.mp4',
  sizeBytes: 1000,
  contentType: 'video/mp4',
  renditions: {},
  createdAt: at,
  updatedAt: at,
  version: 1,
};
const legacyItem = {
  PK: `USER#${video.userId}`,
  SK: `VIDEO#${video.videoId}`,
  entity: 'VIDEO',
  ...video,
  GSI1PK: 'STATUS#PROCESSING',
  GSI1SK: videoIndexKeys(video).GSI1SK,
  GSI2PK: 'OUTBOX',
  GSI2SK: 'left over',
};

/** Answers one scan page with `items`; every update fails as a raced conditional write does. */
function tableWhereEveryUpdateRaces(items: Record<string, unknown>[]) {
  const updates: unknown[] = [];
  const client = {
    send: async (command: { constructor: { name: string }; input: unknown }) => {
      if (command.constructor.name === 'ScanCommand') return { Items: items };
      updates.push(command.input);
      throw Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      });
    },
  } as unknown as DynamoDBDocumentClient;
  return { client, updates };
}

describe('index key changes of a stored video item', () => {
  it('shards a legacy status key and drops outbox keys with nothing pending', () => {
    expect(staleIndexKeys(legacyItem, video)).toEqual([
      {
        attribute: 'GSI1PK',
        from: 'STATUS#PROCESSING',
        to: videoIndexKeys(video).GSI1PK,
      },
      { attribute: 'GSI2PK', from: 'OUTBOX', to: undefined },
      { attribute: 'GSI2SK', from: 'left over', to: undefined },
    ]);
  });

  it('finds nothing to change on an item the current code wrote', () => {
    expect(
      staleIndexKeys(
        { ...legacyItem, ...videoIndexKeys(video), GSI2PK: undefined, GSI2SK: undefined },
        video,
      ),
    ).toEqual([]);
  });
});

describe('the index key backfill', () => {
  it('counts an item rewritten by the services between its scan and its update as raced', async () => {
    const { client, updates } = tableWhereEveryUpdateRaces([legacyItem]);
    expect(await backfillVideoIndexKeys(client, 'videoforge')).toEqual({
      scanned: 1,
      rewritten: 0,
      raced: 1,
    });
    expect(updates).toEqual([
      expect.objectContaining({
        UpdateExpression: 'SET #a0 = :to0 REMOVE #a1, #a2',
        ConditionExpression: '#a0 = :from0 AND #a1 = :from1 AND #a2 = :from2',
      }),
    ]);
  });
});
