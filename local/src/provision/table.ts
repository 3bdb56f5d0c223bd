import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { waitUntil } from '../net.ts';

/**
 * The single-table design: PK/SK, GSI1 (GSI1PK = STATUS#…, GSI1SK = createdAt) for admin listings,
 * GSI2 (GSI2PK = OUTBOX) for events waiting to be relayed.
 */
export async function provisionTable(dynamodb: DynamoDBClient, table: string): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
        { AttributeName: 'GSI1PK', AttributeType: 'S' },
        { AttributeName: 'GSI1SK', AttributeType: 'S' },
        { AttributeName: 'GSI2PK', AttributeType: 'S' },
        { AttributeName: 'GSI2SK', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          // Sparse: only items with events waiting for the events relay carry GSI2PK = OUTBOX.
          IndexName: 'GSI2',
          KeySchema: [
            { AttributeName: 'GSI2PK', KeyType: 'HASH' },
            { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    }),
  );
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
