import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { JobQueue, ReceivedMessage } from '@videoforge/core';
import { createLogger, Registry } from '@videoforge/platform';
import { JobConsumer } from '../../src/worker/consumer.ts';
import type { JobContext } from '../../src/worker/job-handler.ts';
import { createTranscodeMetrics } from '../../src/worker/metrics.ts';
import type { JobOutcome } from '../../src/worker/outcome.ts';

/** A queue that hands out one message, then long-polls until the consumer stops. */
function oneMessageQueue(): JobQueue {
  let handedOut = false;
  return {
    send: () => Promise.resolve(),
    receive: async ({ signal }) => {
      if (!handedOut) {
        handedOut = true;
        const message: ReceivedMessage = {
          messageId: 'm1',
          body: '{}',
          receiptHandle: 'r1',
          receiveCount: 1,
        };
        return [message];
      }
      await sleep(60_000, undefined, { signal }).catch(() => undefined);
      return [];
    },
    delete: () => Promise.resolve(),
    depth: () => Promise.resolve({ visible: 0, inFlight: 0 }),
    setVisibility: () => Promise.resolve(),
  };
}

function consumerWith(handle: (m: ReceivedMessage, ctx: JobContext) => Promise<JobOutcome>) {
  return new JobConsumer(
    {
      queue: oneMessageQueue(),
      handle,
      metrics: createTranscodeMetrics(new Registry()),
      logger: createLogger('test', 'silent'),
    },
    {
      concurrency: 1,
      waitSeconds: 1,
      visibilitySeconds: 30,
      heartbeatSeconds: 10,
      retryDelaySeconds: 0,
      stallSeconds: 2,
    },
  );
}

describe('JobConsumer.hasWedgedJob', () => {
  it('turns true only once a running job has shown no life for the stall timeout plus the grace', async () => {
    let finish: (outcome: JobOutcome) => void = () => undefined;
    let ctx: JobContext | undefined;
    const consumer = consumerWith(
      (_, context) =>
        new Promise<JobOutcome>((resolve) => {
          ctx = context;
          finish = resolve;
        }),
    );
    consumer.start();
    await sleep(50);
    expect(consumer.activeJobs).toBe(1);
    const now = Date.now();
    expect(consumer.hasWedgedJob(1, now)).toBe(false);
    expect(consumer.hasWedgedJob(1, now + 2_900)).toBe(false);
    expect(consumer.hasWedgedJob(1, now + 3_100)).toBe(true);

    ctx?.onActivity?.();
    expect(consumer.hasWedgedJob(1, Date.now() + 2_900)).toBe(false);

    finish({ kind: 'skipped', reason: 'test' });
    await sleep(20);
    expect(consumer.activeJobs).toBe(0);
    expect(consumer.hasWedgedJob(0, Date.now() + 3_600_000)).toBe(false);
    await consumer.stop(0);
  });
});
