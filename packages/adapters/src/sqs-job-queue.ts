import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { readQueueDepth } from './sqs-depth.ts';
import { toReceivedMessage } from './sqs-received.ts';
import type { JobMessage, JobQueue, ReceivedMessage } from '@videoforge/core';

export class SqsJobQueue implements JobQueue {
  readonly queueUrl: string;
  private readonly client: SQSClient;

  constructor(client: SQSClient, queueUrl: string) {
    this.client = client;
    this.queueUrl = queueUrl;
  }

  async send(job: JobMessage): Promise<void> {
    await this.client.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: JSON.stringify(job) }),
    );
  }

  async receive(opts: {
    maxMessages: number;
    waitSeconds: number;
    visibilitySeconds: number;
    signal?: AbortSignal;
  }): Promise<ReceivedMessage[]> {
    const out = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: opts.maxMessages,
        WaitTimeSeconds: opts.waitSeconds,
        VisibilityTimeout: opts.visibilitySeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount'],
      }),
      { abortSignal: opts.signal },
    );
    return (out.Messages ?? []).flatMap((m) => toReceivedMessage(m) ?? []);
  }

  depth(): Promise<{ visible: number; inFlight: number }> {
    return readQueueDepth(this.client, this.queueUrl);
  }

  async delete(receiptHandle: string): Promise<void> {
    await this.client.send(
      new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: receiptHandle }),
    );
  }

  async setVisibility(receiptHandle: string, seconds: number): Promise<void> {
    await this.client.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl: this.queueUrl,
        ReceiptHandle: receiptHandle,
        VisibilityTimeout: seconds,
      }),
    );
  }
}
