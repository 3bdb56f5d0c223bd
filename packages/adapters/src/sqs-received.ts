import type { Message } from '@aws-sdk/client-sqs';
import type { ReceivedMessage } from '@videoforge/core';

/** SQS's message as the ports see it; undefined for one without the ids needed to act on it. */
export function toReceivedMessage(message: Message): ReceivedMessage | undefined {
  if (!message.MessageId || !message.ReceiptHandle) return undefined;
  return {
    messageId: message.MessageId,
    body: message.Body ?? '',
    receiptHandle: message.ReceiptHandle,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? '1'),
  };
}
