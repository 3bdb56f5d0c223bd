import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface QueueNames {
  jobsQueue: string;
  dlq: string;
}

export interface Queues {
  jobsQueueUrl: string;
  dlqUrl: string;
}

/** The SPEC's numbers: visibility 600 s, long poll 20 s, DLQ after 3 receives, DLQ kept 14 days. */
const JOBS_QUEUE_ATTRIBUTES = { VisibilityTimeout: '600', ReceiveMessageWaitTimeSeconds: '20' };
const DLQ_ATTRIBUTES = { MessageRetentionPeriod: '1209600' };
const MAX_RECEIVE_COUNT = '3';

export async function provisionQueues(sqs: SQSClient, names: QueueNames): Promise<Queues> {
  const dlqUrl = await createQueue(sqs, names.dlq, DLQ_ATTRIBUTES);
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const dlqArn = Attributes?.QueueArn;
  if (!dlqArn) throw new Error(`SQS emulator returned no ARN for ${names.dlq}`);
  const redrivePolicy = JSON.stringify({
    deadLetterTargetArn: dlqArn,
    maxReceiveCount: MAX_RECEIVE_COUNT,
  });
  const jobsQueueUrl = await createQueue(sqs, names.jobsQueue, {
    ...JOBS_QUEUE_ATTRIBUTES,
    RedrivePolicy: redrivePolicy,
  });
  return { jobsQueueUrl, dlqUrl };
}

async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string>,
): Promise<string> {
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
  );
  if (!QueueUrl) throw new Error(`SQS emulator returned no URL for ${name}`);
  return QueueUrl;
}
