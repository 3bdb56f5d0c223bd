import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { readQueueDepth } from './sqs-depth.ts';
import { toReceivedMessage } from './sqs-received.ts';
import type { HeldMessage, QueueAdmin, QueueDepth } from '@videoforge/core';

/** SQS answers at most 10 messages per receive and 10 entries per batch call. */
const SQS_BATCH = 10;

export interface SqsQueueAdminOptions {
  /**
   * Long-poll seconds per receive. Short polls (0) sample only some SQS servers and can miss
   * messages; 1 s asks all of them and returns as soon as there is anything. Default 1.
   */
  waitSeconds?: number;
}

/**
 * Operator access to one queue (the jobs queue or its DLQ). Needs sqs:GetQueueAttributes, and for
 * the DLQ also sqs:ReceiveMessage, sqs:ChangeMessageVisibility and sqs:DeleteMessage.
 */
export class SqsQueueAdmin implements QueueAdmin {
  readonly queueUrl: string;
  private readonly client: SQSClient;
  private readonly waitSeconds: number;

  constructor(client: SQSClient, queueUrl: string, options: SqsQueueAdminOptions = {}) {
    this.client = client;
    this.queueUrl = queueUrl;
    this.waitSeconds = options.waitSeconds ?? 1;
  }

  depth(): Promise<QueueDepth> {
    return readQueueDepth(this.client, this.queueUrl);
  }

  async hold(opts: { max: number; holdSeconds: number }): Promise<HeldMessage[]> {
    const out = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: Math.max(1, Math.min(opts.max, SQS_BATCH)),
        VisibilityTimeout: opts.holdSeconds,
        WaitTimeSeconds: this.waitSeconds,
        MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
      }),
    );
    return (out.Messages ?? []).flatMap((m) => {
      const received = toReceivedMessage(m);
      return received ? [{ ...received, sentAt: toIso(m.Attributes?.SentTimestamp) }] : [];
    });
  }

  async release(messages: readonly HeldMessage[]): Promise<void> {
    for (let i = 0; i < messages.length; i += SQS_BATCH) {
      const batch = messages.slice(i, i + SQS_BATCH);
      // Per-entry failures (a receipt handle that expired meanwhile) leave the message to its
      // visibility timeout, which releases it too: nothing to retry.
      await this.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: batch.map((m, index) => ({
            Id: String(index),
            ReceiptHandle: m.receiptHandle,
            VisibilityTimeout: 0,
          })),
        }),
      );
    }
  }

  async delete(message: HeldMessage): Promise<void> {
    await this.client.send(
      new DeleteMessageCommand({ QueueUrl: this.queueUrl, ReceiptHandle: message.receiptHandle }),
    );
  }
}

function toIso(epochMillis: string | undefined): string | undefined {
  const ms = Number(epochMillis);
  return epochMillis && Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}
