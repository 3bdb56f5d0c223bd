import { setTimeout as sleep } from 'node:timers/promises';
import { parseJobMessage, type JobQueue, type ReceivedMessage } from '@videoforge/core';
import type { Logger } from '@videoforge/platform';
import { startHeartbeat } from './heartbeat.ts';
import type { JobContext } from './job-handler.ts';
import type { TranscodeMetrics } from './metrics.ts';
import type { JobOutcome } from './outcome.ts';
import { backoffDelayMs } from './retry.ts';

const RECEIVE_BACKOFF = { firstDelayMs: 500, maxDelayMs: 30_000 };

export interface ConsumerOptions {
  /** Parallel jobs per worker (default 1: ffmpeg already uses every core). */
  concurrency: number;
  /** SQS long poll; 20 s is the maximum and the cheapest. */
  waitSeconds: number;
  visibilitySeconds: number;
  heartbeatSeconds: number;
  /** Seconds a retried message stays invisible before the next attempt. */
  retryDelaySeconds: number;
  /** The heartbeat stops renewing a job that showed no life for this long, so SQS can hand it out again. */
  stallSeconds: number;
}

export interface ConsumerDeps {
  queue: JobQueue;
  handle: (message: ReceivedMessage, ctx: JobContext) => Promise<JobOutcome>;
  metrics: TranscodeMetrics;
  logger: Logger;
}

/**
 * Long-polls the jobs queue with `concurrency` independent loops. A message is deleted only when
 * its job is done or needs nothing more; everything else goes back to SQS, which counts receives
 * and moves it to the DLQ after the redrive policy's limit.
 */
export class JobConsumer {
  private readonly deps: ConsumerDeps;
  private readonly options: ConsumerOptions;
  private readonly polling = new AbortController();
  private readonly jobs = new AbortController();
  private loops: Promise<void>[] = [];
  private inFlight = 0;
  /** When each running job last showed life (epoch ms). */
  private readonly lastActivity = new Map<symbol, number>();

  constructor(deps: ConsumerDeps, options: ConsumerOptions) {
    this.deps = deps;
    this.options = options;
  }

  get activeJobs(): number {
    return this.inFlight;
  }

  get running(): boolean {
    return this.loops.length > 0 && !this.polling.signal.aborted;
  }

  /**
   * A job that has shown no life for longer than the stall timeout plus `graceSeconds`: the stall
   * watchdog should have ended it by then, so something below it is wedged and only a restart
   * frees the worker. Its message is not renewed, so another worker takes the job meanwhile.
   */
  hasWedgedJob(graceSeconds: number, now = Date.now()): boolean {
    const limitMs = (this.options.stallSeconds + graceSeconds) * 1000;
    for (const at of this.lastActivity.values()) if (now - at > limitMs) return true;
    return false;
  }

  start(): void {
    this.loops = Array.from({ length: this.options.concurrency }, (_, i) => this.loop(i));
  }

  /**
   * Stops polling at once; running jobs get `graceSeconds` to finish, after which they are
   * aborted and their messages returned to the queue (visibility 0) for another worker.
   */
  async stop(graceSeconds: number): Promise<void> {
    this.polling.abort();
    const drained = Promise.all(this.loops).then(() => true);
    const timedOut = sleep(graceSeconds * 1000, false, { ref: false });
    if (!(await Promise.race([drained, timedOut]))) {
      this.deps.logger.warn({ activeJobs: this.inFlight }, 'grace period over: returning messages');
      this.jobs.abort();
      await drained;
    }
  }

  private async loop(index: number): Promise<void> {
    const log = this.deps.logger.child({ loop: index });
    let failures = 0;
    while (!this.polling.signal.aborted) {
      let messages: ReceivedMessage[];
      try {
        messages = await this.deps.queue.receive({
          maxMessages: 1,
          waitSeconds: this.options.waitSeconds,
          visibilitySeconds: this.options.visibilitySeconds,
          signal: this.polling.signal,
        });
        failures = 0;
      } catch (error) {
        if (this.polling.signal.aborted) break;
        // A queue that is down for a while is asked less and less often, not every second.
        const delayMs = backoffDelayMs(failures++, RECEIVE_BACKOFF);
        log.error({ err: error, retryInMs: delayMs }, 'receive failed; backing off');
        await sleep(delayMs, undefined, { signal: this.polling.signal }).catch(() => undefined);
        continue;
      }
      for (const message of messages) await this.process(message, log);
    }
  }

  private async process(message: ReceivedMessage, log: Logger): Promise<void> {
    this.inFlight++;
    this.deps.metrics.started();
    const started = performance.now();
    const id = Symbol(message.messageId);
    this.lastActivity.set(id, Date.now());
    const stopHeartbeat = startHeartbeat({
      everySeconds: this.options.heartbeatSeconds,
      visibilitySeconds: this.options.visibilitySeconds,
      extend: async (seconds) => {
        const quietMs = Date.now() - (this.lastActivity.get(id) ?? 0);
        if (quietMs > this.options.stallSeconds * 1000) return;
        await this.deps.queue.setVisibility(message.receiptHandle, seconds);
      },
      onError: (error) => log.warn({ err: error }, 'visibility heartbeat failed'),
    });
    try {
      const outcome = await this.deps.handle(message, {
        signal: this.jobs.signal,
        onActivity: () => this.lastActivity.set(id, Date.now()),
      });
      stopHeartbeat();
      const wallSeconds = (performance.now() - started) / 1000;
      const ids = idsOf(message.body);
      const quality = ids.quality;
      this.deps.metrics.record(
        quality,
        outcome.kind,
        wallSeconds,
        outcome.kind === 'done' ? outcome.mediaSeconds : undefined,
      );
      log.info({ messageId: message.messageId, ...ids, outcome, wallSeconds }, 'job finished');
      await this.settle(message, outcome);
    } catch (error) {
      // Settling failed (SQS unreachable): the visibility timeout hands the message out again.
      log.error({ err: error, messageId: message.messageId }, 'could not settle the message');
    } finally {
      stopHeartbeat();
      this.lastActivity.delete(id);
      this.inFlight--;
      this.deps.metrics.ended();
    }
  }

  private async settle(message: ReceivedMessage, outcome: JobOutcome): Promise<void> {
    switch (outcome.kind) {
      case 'done':
      case 'skipped':
        return this.deps.queue.delete(message.receiptHandle);
      case 'retry':
        return this.deps.queue.setVisibility(message.receiptHandle, this.options.retryDelaySeconds);
      case 'failed':
      case 'returned':
        // Failed: visible again so the redrive policy moves it to the DLQ, where it can be inspected.
        return this.deps.queue.setVisibility(message.receiptHandle, 0);
    }
  }
}

/** The ids a log line needs to follow a job (quality 'invalid' for a malformed body). */
function idsOf(body: string): {
  quality: string;
  jobId?: string;
  videoId?: string;
  userId?: string;
} {
  const parsed = parseJobMessage(body);
  if (!parsed.ok) return { quality: 'invalid' };
  const { quality, jobId, videoId, userId } = parsed.job;
  return { quality, jobId, videoId, userId };
}
