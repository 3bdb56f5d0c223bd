/**
 * The one definition of the VideoForge table, in the shape both DynamoDB's CreateTable and
 * CloudFormation's AWS::DynamoDB::Table take: the CloudFormation template (cdk8s/src/aws) and the
 * local provisioning (local/src/provision) are both made from it, and a test holds the committed
 * template to it.
 */
import { OUTBOX_INDEX, OUTBOX_PROJECTED_ATTRIBUTES } from './outbox-items.ts';

/** Admin listings by status: GSI1PK = STATUS#{status}#{shard}, GSI1SK = createdAt#videoId. */
export const STATUS_INDEX = 'GSI1';
/** Epoch seconds after which DynamoDB removes an item (webhook delivery log entries). */
export const TTL_ATTRIBUTE = 'expiresAtEpoch';

const KEY_ATTRIBUTES = ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'] as const;

const keySchema = (hash: string, range: string) => [
  { AttributeName: hash, KeyType: 'HASH' as const },
  { AttributeName: range, KeyType: 'RANGE' as const },
];

export const TABLE_DEFINITION = {
  BillingMode: 'PAY_PER_REQUEST' as const,
  AttributeDefinitions: KEY_ATTRIBUTES.map((name) => ({
    AttributeName: name,
    AttributeType: 'S' as const,
  })),
  KeySchema: keySchema('PK', 'SK'),
  GlobalSecondaryIndexes: [
    {
      IndexName: STATUS_INDEX,
      KeySchema: keySchema('GSI1PK', 'GSI1SK'),
      // Keys only: an entry changes only when a video's status does, never on a progress write;
      // listings fetch the page's items from the table (docs/performance-table.md).
      Projection: { ProjectionType: 'KEYS_ONLY' as const },
    },
    {
      // Sparse: only items with events waiting for the events relay carry GSI2PK = OUTBOX#{shard}.
      // Only what the relay reads is projected, none of which a progress write changes, so a
      // progress write on a video with pending events does not write the index.
      IndexName: OUTBOX_INDEX,
      KeySchema: keySchema('GSI2PK', 'GSI2SK'),
      Projection: {
        ProjectionType: 'INCLUDE' as const,
        NonKeyAttributes: [...OUTBOX_PROJECTED_ATTRIBUTES],
      },
    },
  ],
  TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
};
