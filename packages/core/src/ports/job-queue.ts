import type { JobMessage } from '../jobs/job-message.ts';

export interface ReceivedMessage {
  messageId: string;
  body: string;
  receiptHandle: string;
  /** How many times SQS has handed this message out, this time included. */
  receiveCount: number;
}

export interface JobQueue {
  send(job: JobMessage): Promise<void>;
  receive(opts: {
    maxMessages: number;
    waitSeconds: number;
    visibilitySeconds: number;
    signal?: AbortSignal;
  }): Promise<ReceivedMessage[]>;
  delete(receiptHandle: string): Promise<void>;
  /** Approximate message counts (SQS attributes are eventually consistent). */
  depth(): Promise<{ visible: number; inFlight: number }>;
  /** Sets the time until the message is visible again; 0 hands it to the next poller now. */
  setVisibility(receiptHandle: string, seconds: number): Promise<void>;
}
