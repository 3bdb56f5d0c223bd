import { ScanCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { fromItem } from './dynamo-video-repository.ts';
import { staleIndexKeys, type IndexKeyChange } from './video-index-keys.ts';

export interface BackfillReport {
  /** Video items read. */
  scanned: number;
  /** Items whose index keys were (or, in a dry run, would be) rewritten. */
  rewritten: number;
  /** Items written by the services between the scan and the rewrite: already current. */
  raced: number;
}

export interface BackfillOptions {
  /** Count what would change without writing. */
  dryRun?: boolean;
  /** Items per scan page. Default 500. */
  pageSize?: number;
  /** After each page: the running totals. */
  onPage?: (report: Readonly<BackfillReport>) => void;
}

/**
 * Brings every video item's index keys to the current scheme (docs/performance-table.md,
 * "Migrating an existing table"): after an upgrade that sharded an index, or a change of a shard
 * count. Each rewrite is conditional on the values it was computed from, so an item the services
 * rewrote meanwhile (with current keys) is left alone, and a second run rewrites nothing.
 */
export async function backfillVideoIndexKeys(
  client: DynamoDBDocumentClient,
  table: string,
  options: BackfillOptions = {},
): Promise<BackfillReport> {
  const report: BackfillReport = { scanned: 0, rewritten: 0, raced: 0 };
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'entity = :video',
        ExpressionAttributeValues: { ':video': 'VIDEO' },
        Limit: options.pageSize ?? 500,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      report.scanned++;
      const changes = staleIndexKeys(item, fromItem(item));
      if (changes.length === 0) continue;
      if (options.dryRun || (await rewrite(client, table, item, changes))) report.rewritten++;
      else report.raced++;
    }
    options.onPage?.(report);
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return report;
}

/** False when the item changed since it was read. */
async function rewrite(
  client: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown>,
  changes: readonly IndexKeyChange[],
): Promise<boolean> {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const conditions: string[] = [];
  const sets: string[] = [];
  const removes: string[] = [];
  changes.forEach(({ attribute, from, to }, i) => {
    const name = `#a${i}`;
    names[name] = attribute;
    if (from === undefined) conditions.push(`attribute_not_exists(${name})`);
    else {
      values[`:from${i}`] = from;
      conditions.push(`${name} = :from${i}`);
    }
    if (to === undefined) removes.push(name);
    else {
      values[`:to${i}`] = to;
      sets.push(`${name} = :to${i}`);
    }
  });
  const update = [
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ];
  try {
    await client.send(
      new UpdateCommand({
        TableName: table,
        Key: { PK: item.PK, SK: item.SK },
        UpdateExpression: update.join(' ').trim(),
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ...(Object.keys(values).length > 0 && { ExpressionAttributeValues: values }),
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}
