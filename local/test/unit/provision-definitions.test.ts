import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  deadLetterQueueAttributes,
  JOBS_QUEUE,
  jobsQueueAttributes,
  TABLE_DEFINITION,
} from '@videoforge/adapters';
import { loadTranscoderConfig } from '@videoforge/transcoder';
import { createTableInput } from '../../src/provision/table.ts';

type Properties = Record<string, unknown>;

const template = parse(
  readFileSync(new URL('../../../aws/videoforge.cfn.yaml', import.meta.url), 'utf8'),
) as { Resources: Record<string, { Properties: Properties }> };
const propertiesOf = (resource: string): Properties => template.Resources[resource]!.Properties;
const maxReceiveCountOf = (properties: Properties) =>
  (properties.RedrivePolicy as { maxReceiveCount: unknown }).maxReceiveCount;

/** What CreateTable is given, minus the name; what the template declares, minus CFN-only settings. */
function tableShapeOf(properties: Properties): Properties {
  const {
    TableName: _name,
    TimeToLiveSpecification: _ttl,
    PointInTimeRecoverySpecification: _pitr,
    DeletionProtectionEnabled: _protection,
    ...shape
  } = properties;
  return shape;
}

describe('local provisioning and the CloudFormation template', () => {
  it('create the same table: attributes, key schema, both indexes and their projections', () => {
    const local = tableShapeOf({ ...createTableInput('videoforge-local') });
    expect(local).toEqual(tableShapeOf(propertiesOf('Table')));
    const [statusIndex] = local.GlobalSecondaryIndexes as { Projection: unknown }[];
    expect(statusIndex?.Projection).toEqual({ ProjectionType: 'KEYS_ONLY' });
  });

  it('share the TTL attribute, which the template turns on', () => {
    expect(propertiesOf('Table').TimeToLiveSpecification).toEqual(
      TABLE_DEFINITION.TimeToLiveSpecification,
    );
  });

  it('create the same jobs queue and DLQ: visibility, long poll, redrive count, retention', () => {
    const jobs = propertiesOf('JobsQueue');
    const local = jobsQueueAttributes('arn:aws:sqs:us-east-1:000000000000:dlq');
    expect(Number(local.VisibilityTimeout)).toBe(jobs.VisibilityTimeout);
    expect(Number(local.ReceiveMessageWaitTimeSeconds)).toBe(jobs.ReceiveMessageWaitTimeSeconds);
    const redrive = JSON.parse(local.RedrivePolicy ?? '{}') as { maxReceiveCount: string };
    expect(Number(redrive.maxReceiveCount)).toBe(maxReceiveCountOf(jobs));
    expect(Number(deadLetterQueueAttributes().MessageRetentionPeriod)).toBe(
      propertiesOf('DeadLetterQueue').MessageRetentionPeriod,
    );
  });

  it("give the transcoder's final attempt the queue's redrive count by default", () => {
    const config = loadTranscoderConfig({
      S3_BUCKET: 'b',
      SQS_JOBS_QUEUE_URL: 'http://127.0.0.1:4566/000000000000/jobs',
      DYNAMODB_TABLE: 't',
    });
    expect(config.retry.maxReceives).toBe(maxReceiveCountOf(propertiesOf('JobsQueue')));
    expect(config.retry.maxReceives).toBe(JOBS_QUEUE.maxReceiveCount);
  });
});
