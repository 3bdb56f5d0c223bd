import { setTimeout as sleep } from 'node:timers/promises';
import type { EventOutbox, OutboxEntry } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import type { FanOut } from './fan-out.ts';

const PAGE = 100;
const MAX_ERROR_DELAY_MS = 5_000;

export interface RelayDeps {
  outbox: EventOutbox;
  fanOut: FanOut;
  logger: Logger;
  onPending?: (count: number) => void;
}

/**
 * Moves events from the outbox (DynamoDB) to BullMQ. An entry is removed only after every
 * delivery it needs is scheduled, so Redis being away delays events and loses none; a pass
 * repeated after a crash schedules nothing twice (deliveries are keyed by webhook and event).
 */
export class OutboxRelay {
  private readonly deps: RelayDeps;
  private stopping = new AbortController();
  private loop: Promise<void> | undefined;
  private failingSince: number | undefined;

  constructor(deps: RelayDeps) {
    this.deps = deps;
  }

  /** One pass over the oldest page; resolves to how many entries it relayed. */
  async pass(): Promise<number> {
    const entries = await this.deps.outbox.pending(PAGE);
    this.deps.onPending?.(entries.length);
    for (const entry of entries) {
      await this.relay(entry);
      await this.deps.outbox.acknowledge(entry);
    }
    return entries.length;
  }

  start(pollMs: number): void {
    this.stopping = new AbortController();
    this.loop = this.run(pollMs, this.stopping.signal);
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await this.loop;
  }

  private async run(pollMs: number, signal: AbortSignal): Promise<void> {
    let errorDelayMs = pollMs;
    while (!signal.aborted) {
      let delayMs = pollMs;
      try {
        const relayed = await this.pass();
        this.recovered();
        errorDelayMs = pollMs;
        // A full page means more is waiting: go on at once.
        if (relayed >= PAGE) delayMs = 0;
      } catch (error) {
        this.failed(error);
        errorDelayMs = Math.min(errorDelayMs * 2, MAX_ERROR_DELAY_MS);
        delayMs = errorDelayMs;
      }
      await sleep(delayMs, undefined, { signal }).catch(() => undefined);
    }
  }

  private async relay(entry: OutboxEntry): Promise<void> {
    switch (entry.kind) {
      case 'video-events':
        for (const event of entry.events) await this.deps.fanOut.publish(event);
        return;
      case 'event':
        await this.deps.fanOut.publish(entry.event);
        return;
      case 'redeliver':
        await this.deps.fanOut.redeliver({
          userId: entry.userId,
          webhookId: entry.webhookId,
          deliveryId: entry.deliveryId,
        });
        return;
    }
  }

  private failed(error: unknown): void {
    if (this.failingSince === undefined) {
      this.failingSince = Date.now();
      this.deps.logger.warn({ err: error }, 'events relay: pass failed; events stay in the outbox');
    }
  }

  private recovered(): void {
    if (this.failingSince === undefined) return;
    const downMs = Date.now() - this.failingSince;
    this.failingSince = undefined;
    this.deps.logger.info({ downMs }, 'events relay: recovered');
  }
}
