import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HeldUsage, Reservation, UsageLedger, UserQuotas } from '@videoforge/core';

/**
 * Usage counters in the single table, beside the user's videos: PK = USER#{userId} with
 * SK = USAGE (videoCount, storedBytes) and SK = USAGE#DAY#{yyyy-mm-dd} (transcodeSeconds). Video
 * listings only read SK = VIDEO#…, and the items carry no GSI1 keys, so no index sees them.
 * Every change is one UpdateItem with ADD: atomic across replicas without a read first.
 */
export class DynamoUsageLedger implements UsageLedger {
  private readonly client: DynamoDBDocumentClient;
  private readonly table: string;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.client = client;
    this.table = table;
  }

  async reserveVideo(
    userId: string,
    bytes: number,
    limits: Pick<UserQuotas, 'maxVideos' | 'maxStoredBytes'>,
  ): Promise<Reservation> {
    // A new item passes the condition below unchecked: refuse what could never fit up front.
    if (limits.maxVideos < 1 || bytes > limits.maxStoredBytes) return this.refused(userId);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: heldKey(userId),
          UpdateExpression: 'SET #entity = :entity ADD videoCount :one, storedBytes :bytes',
          // DynamoDB conditions cannot add, so the byte room is computed here.
          ConditionExpression:
            'attribute_not_exists(PK) OR (videoCount < :maxVideos AND storedBytes <= :room)',
          ExpressionAttributeNames: { '#entity': 'entity' },
          ExpressionAttributeValues: {
            ':entity': 'USAGE',
            ':one': 1,
            ':bytes': bytes,
            ':maxVideos': limits.maxVideos,
            ':room': limits.maxStoredBytes - bytes,
          },
        }),
      );
      return { reserved: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return this.refused(userId);
      throw error;
    }
  }

  async releaseVideo(userId: string, bytes: number): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: heldKey(userId),
          UpdateExpression: 'ADD videoCount :minusOne, storedBytes :minusBytes',
          // Never create a counter from a release: there is nothing to give back.
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':minusOne': -1, ':minusBytes': -bytes },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async held(userId: string): Promise<HeldUsage> {
    const item = await this.read(heldKey(userId));
    return { videoCount: numberOf(item?.videoCount), storedBytes: numberOf(item?.storedBytes) };
  }

  async addTranscodeSeconds(userId: string, day: string, seconds: number): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: dayKey(userId, day),
        UpdateExpression: 'SET #entity = :entity ADD transcodeSeconds :seconds',
        ExpressionAttributeNames: { '#entity': 'entity' },
        ExpressionAttributeValues: { ':entity': 'USAGE_DAY', ':seconds': seconds },
      }),
    );
  }

  async transcodeSeconds(userId: string, day: string): Promise<number> {
    return numberOf((await this.read(dayKey(userId, day)))?.transcodeSeconds);
  }

  private async refused(userId: string): Promise<Reservation> {
    return { reserved: false, held: await this.held(userId) };
  }

  private async read(key: Record<string, string>) {
    const out = await this.client.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return out.Item;
  }
}

function heldKey(userId: string) {
  return { PK: `USER#${userId}`, SK: 'USAGE' };
}

function dayKey(userId: string, day: string) {
  return { PK: `USER#${userId}`, SK: `USAGE#DAY#${day}` };
}

function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
