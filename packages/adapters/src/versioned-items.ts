import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ConflictError } from '@videoforge/core';

/** Read-modify-write rounds before a write gives up on a value that keeps changing. */
export const MAX_WRITE_ATTEMPTS = 8;

/** Writes an item that must not exist yet; ConflictError (saying `what`) when it does. */
export async function putNew(
  client: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown>,
  what: string,
): Promise<void> {
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException)
      throw new ConflictError(`${what} exists already`);
    throw error;
  }
}

/**
 * Replaces an item only if it still has the `version` it was read at. False when another writer
 * won the race: the caller reads again and re-applies its (pure) change.
 */
export async function putIfUnchanged(
  client: DynamoDBDocumentClient,
  table: string,
  item: Record<string, unknown>,
  readVersion: number,
): Promise<boolean> {
  try {
    await client.send(
      new PutCommand({
        TableName: table,
        Item: item,
        ConditionExpression: 'version = :read',
        ExpressionAttributeValues: { ':read': readVersion },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
