import {
  CreateTableCommand,
  DescribeTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITION } from '@videoforge/adapters/table-definition';
import { waitUntil } from '../net.ts';

/**
 * Creates the table from the one definition the CloudFormation template is made from. The emulator
 * has no TTL API: expired delivery log entries stay, and reads skip them anyway.
 */
export async function provisionTable(dynamodb: DynamoDBClient, table: string): Promise<void> {
  await dynamodb.send(new CreateTableCommand(createTableInput(table)));
  await waitUntil(() => isActive(dynamodb, table), {
    timeoutMs: 10_000,
    description: `table ${table} to become ACTIVE`,
  });
}

async function isActive(dynamodb: DynamoDBClient, table: string): Promise<boolean> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: table }));
  const indexes = Table?.GlobalSecondaryIndexes ?? [];
  return (
    Table?.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')
  );
}

/** CreateTable's input: the shared definition minus what CreateTable does not take (TTL). */
export function createTableInput(table: string): CreateTableCommandInput {
  const { TimeToLiveSpecification: _ttl, ...definition } = TABLE_DEFINITION;
  return { TableName: table, ...definition };
}
