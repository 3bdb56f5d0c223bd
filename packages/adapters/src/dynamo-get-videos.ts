import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Video } from '@videoforge/core';
import { fromItem } from './dynamo-video-repository.ts';

/**
 * Reads in flight at once. GetItem and not BatchGetItem: the roles that list (admin, events) hold
 * GetItem already, and a read costs the same capacity either way.
 */
const PARALLEL_READS = 25;

type TableKey = { PK: string; SK: string };

/** The video items of these keys, in the keys' order; keys whose item is gone are skipped. */
export async function getVideos(
  client: DynamoDBDocumentClient,
  table: string,
  keys: readonly TableKey[],
): Promise<Video[]> {
  const items: (Record<string, unknown> | undefined)[] = [];
  for (let i = 0; i < keys.length; i += PARALLEL_READS) {
    const wave = keys.slice(i, i + PARALLEL_READS).map(async ({ PK, SK }) => {
      const out = await client.send(new GetCommand({ TableName: table, Key: { PK, SK } }));
      return out.Item;
    });
    items.push(...(await Promise.all(wave)));
  }
  return items.flatMap((item) => (item ? [fromItem(item)] : []));
}
