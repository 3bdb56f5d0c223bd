export interface QueueDepth {
  /** Waiting to be received. */
  visible: number;
  /** Received and not yet deleted or returned (being worked on, or held by an operator). */
  inFlight: number;
}

export interface HeldMessage {
  messageId: string;
  body: string;
  receiptHandle: string;
  /** How many times the queue has handed this message out, this time included. */
  receiveCount: number;
  /** When the message was first sent (for a dead letter: to the jobs queue). */
  sentAt?: string;
}

/**
 * What operators do to a queue beyond producing and consuming jobs: count it, look at messages
 * without consuming them (hold, then release), and remove them.
 */
export interface QueueAdmin {
  depth(): Promise<QueueDepth>;
  /** One receive: up to `max` (at most 10) messages, hidden from everyone else for `holdSeconds`. */
  hold(opts: { max: number; holdSeconds: number }): Promise<HeldMessage[]>;
  /** Makes held messages visible again at once. */
  release(messages: readonly HeldMessage[]): Promise<void>;
  delete(message: HeldMessage): Promise<void>;
}
