import type { HeldMessage, QueueAdmin } from '@videoforge/core';

/** A DLQ holding the given bodies: every message is handed out by the first hold, none after. */
export class FakeDeadLetters implements QueueAdmin {
  readonly messages: HeldMessage[];
  /** How many messages were released, in all. */
  released = 0;
  readonly releasedIds: string[] = [];
  readonly deletedIds: string[] = [];
  private handedOut = false;

  constructor(bodies: readonly string[]) {
    this.messages = bodies.map((body, i) => ({
      messageId: `m-${i}`,
      body,
      receiptHandle: `r-${i}`,
      receiveCount: 3,
    }));
  }

  async depth() {
    return { visible: this.messages.length, inFlight: 0 };
  }

  async hold(opts?: { max: number }) {
    if (this.handedOut) return [];
    this.handedOut = true;
    return this.messages.slice(0, opts?.max);
  }

  async release(messages: readonly HeldMessage[]): Promise<void> {
    this.released += messages.length;
    this.releasedIds.push(...messages.map((m) => m.messageId));
  }

  async delete(message: HeldMessage): Promise<void> {
    this.deletedIds.push(message.messageId);
  }
}
