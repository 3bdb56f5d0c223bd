import { setTimeout as sleep } from 'node:timers/promises';
import type { JobMessage, JobQueue, ReceivedMessage } from '@videoforge/core';

/**
 * The jobs queue in memory: records what was sent, deleted and made visible again, and hands out
 * the messages a test offers; with nothing to hand out, `receive` long-polls until its signal aborts.
 */
export class RecordingJobQueue implements JobQueue {
  readonly sent: JobMessage[] = [];
  /** Receipt handles in the order they were deleted. */
  readonly deleted: string[] = [];
  /** Every visibility change, in order. */
  readonly visibility: Array<{ receiptHandle: string; seconds: number }> = [];
  /** What `depth` reports as waiting. */
  visible = 0;
  /** `send` throws this while it is set. */
  sendError: Error | undefined;
  /** `receive` throws this while it is set. */
  receiveError: Error | undefined;
  private readonly waiting: ReceivedMessage[] = [];
  private offered: () => void = () => undefined;

  /** Makes messages available to the next receives. */
  offer(...messages: ReceivedMessage[]): void {
    this.waiting.push(...messages);
    this.offered();
  }

  async send(job: JobMessage): Promise<void> {
    if (this.sendError) throw this.sendError;
    this.sent.push(structuredClone(job));
  }

  async receive(opts: {
    maxMessages: number;
    waitSeconds: number;
    signal?: AbortSignal;
  }): Promise<ReceivedMessage[]> {
    if (this.receiveError) throw this.receiveError;
    if (this.waiting.length === 0) await this.waitForOffer(opts.waitSeconds, opts.signal);
    return this.waiting.splice(0, opts.maxMessages);
  }

  async delete(receiptHandle: string): Promise<void> {
    this.deleted.push(receiptHandle);
  }

  async depth() {
    return { visible: this.visible, inFlight: 0 };
  }

  async setVisibility(receiptHandle: string, seconds: number): Promise<void> {
    this.visibility.push({ receiptHandle, seconds });
  }

  private async waitForOffer(waitSeconds: number, signal?: AbortSignal): Promise<void> {
    const stop = new AbortController();
    const offered = new Promise<void>((resolve) => (this.offered = resolve));
    const waited = sleep(waitSeconds * 1000, undefined, {
      signal: signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
      ref: false,
    }).catch(() => undefined);
    await Promise.race([offered, waited]);
    stop.abort();
  }
}

/** A received job message, as SQS hands it out. */
export function aReceivedMessage(
  body: JobMessage | string,
  overrides: Partial<ReceivedMessage> = {},
): ReceivedMessage {
  return {
    messageId: 'message-1',
    receiptHandle: 'receipt-1',
    receiveCount: 1,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...overrides,
  };
}
