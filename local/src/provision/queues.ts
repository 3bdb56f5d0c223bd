import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  deadLetterQueueAttributes,
  jobsQueueAttributes,
} from '@videoforge/adapters/queue-definitions';

export interface QueueNames {
  jobsQueue: string;
  dlq: string;
}

export interface Queues {
  jobsQueueUrl: string;
  dlqUrl: string;
}

export async function provisionQueues(sqs: SQSClient, names: QueueNames): Promise<Queues> {
  const dlqUrl = await createQueue(sqs, names.dlq, deadLetterQueueAttributes());
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const dlqArn = Attributes?.QueueArn;
  if (!dlqArn) throw new Error(`SQS emulator returned no ARN for ${names.dlq}`);
  const jobsQueueUrl = await createQueue(sqs, names.jobsQueue, jobsQueueAttributes(dlqArn));
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
