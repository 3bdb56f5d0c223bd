import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReceivedMessage } from '@videoforge/core';
import { createLogger, Registry } from '@videoforge/platform';
import { aJobMessage, aReceivedMessage, aVideo, RecordingJobQueue } from '@videoforge/testkit';
import { JobConsumer, type ConsumerOptions } from '../../src/worker/consumer.ts';
import type { JobContext } from '../../src/worker/job-handler.ts';
import { createTranscodeMetrics } from '../../src/worker/metrics.ts';
import type { JobOutcome } from '../../src/worker/outcome.ts';

const OPTIONS: ConsumerOptions = {
  concurrency: 1,
  waitSeconds: 1,
  visibilitySeconds: 300,
  heartbeatSeconds: 60,
  retryDelaySeconds: 30,
  stallSeconds: 60,
};

type Handle = (message: ReceivedMessage, ctx: JobContext) => Promise<JobOutcome>;

const running: JobConsumer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop(0)));
});

function startConsumer(handle: Handle, options: Partial<ConsumerOptions> = {}) {
  const queue = new RecordingJobQueue();
  const registry = new Registry();
  const consumer = new JobConsumer(
    {
      queue,
      handle,
      metrics: createTranscodeMetrics(registry),
      logger: createLogger('test', 'silent'),
    },
    { ...OPTIONS, ...options },
  );
  consumer.start();
  running.push(consumer);
  return { queue, consumer, registry };
}

const job = aJobMessage(aVideo(), '720p');

function message(id: string): ReceivedMessage {
  return aReceivedMessage(job, { messageId: id, receiptHandle: `receipt-${id}` });
}

async function until(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

/** A handler that stays busy until released, with the context it was given. */
function heldHandler() {
  const held: { ctx?: JobContext; finish: (outcome: JobOutcome) => void } = {
    finish: () => undefined,
  };
  const handle: Handle = (_message, ctx) =>
    new Promise<JobOutcome>((resolve) => {
      held.ctx = ctx;
      held.finish = resolve;
      ctx.signal.addEventListener('abort', () => resolve({ kind: 'returned' }), { once: true });
    });
  return { held, handle };
}

describe('JobConsumer settles each message by its outcome', () => {
  it.each<JobOutcome>([
    { kind: 'done', sizeBytes: 1, mediaSeconds: 1, phases: {} },
    { kind: 'skipped', reason: 'video was deleted' },
  ])('%o: deletes the message', async (outcome) => {
    const { queue } = startConsumer(async () => outcome);
    queue.offer(message('a'));
    await until(() => queue.deleted.length === 1);
    expect(queue.deleted).toEqual(['receipt-a']);
    expect(queue.visibility).toEqual([]);
  });

  it('returns a message to retry after the retry delay', async () => {
    const { queue } = startConsumer(async () => ({ kind: 'retry', reason: 'STALLED' }));
    queue.offer(message('a'));
    await until(() => queue.visibility.length === 1);
    expect(queue.visibility).toEqual([{ receiptHandle: 'receipt-a', seconds: 30 }]);
    expect(queue.deleted).toEqual([]);
  });

  it.each<JobOutcome>([{ kind: 'failed', reason: 'INTERNAL' }, { kind: 'returned' }])(
    '%o: makes the message visible at once (the redrive policy or another worker takes it)',
    async (outcome) => {
      const { queue } = startConsumer(async () => outcome);
      queue.offer(message('a'));
      await until(() => queue.visibility.length === 1);
      expect(queue.visibility).toEqual([{ receiptHandle: 'receipt-a', seconds: 0 }]);
      expect(queue.deleted).toEqual([]);
    },
  );

  it('goes on with the next message when settling one fails', async () => {
    const { queue } = startConsumer(async () => ({ kind: 'skipped', reason: 'test' }));
    const deleteOnce = queue.delete.bind(queue);
    let failures = 0;
    queue.delete = async (receipt) => {
      if (failures++ === 0) throw new Error('SQS unreachable');
      return deleteOnce(receipt);
    };
    queue.offer(message('a'), message('b'));
    await until(() => queue.deleted.length === 1);
    expect(queue.deleted).toEqual(['receipt-b']);
  });

  it('counts outcomes by quality', async () => {
    const { queue, registry } = startConsumer(async () => ({ kind: 'skipped', reason: 'test' }));
    queue.offer(message('a'));
    await until(() => queue.deleted.length === 1);
    const text = await registry.metrics();
    expect(text).toContain('videoforge_transcode_jobs_total{quality="720p",outcome="skipped"} 1');
  });
});

describe('JobConsumer.stop', () => {
  it('lets a running job finish within the grace period, then stops polling', async () => {
    const { held, handle } = heldHandler();
    const { queue, consumer } = startConsumer(handle);
    queue.offer(message('a'));
    await until(() => consumer.activeJobs === 1);
    const stopped = consumer.stop(5);
    expect(consumer.running).toBe(false);
    held.finish({ kind: 'done', sizeBytes: 1, mediaSeconds: 1, phases: {} });
    await stopped;
    expect(queue.deleted).toEqual(['receipt-a']);
    queue.offer(message('b'));
    await sleep(30);
    expect(queue.deleted).toEqual(['receipt-a']);
  });

  it('past the grace period, aborts the job and returns its message at once', async () => {
    const { held, handle } = heldHandler();
    const { queue, consumer } = startConsumer(handle);
    queue.offer(message('a'));
    await until(() => consumer.activeJobs === 1);
    const started = Date.now();
    await consumer.stop(0.05);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(held.ctx?.signal.aborted).toBe(true);
    expect(queue.visibility).toEqual([{ receiptHandle: 'receipt-a', seconds: 0 }]);
    expect(consumer.activeJobs).toBe(0);
  });
});

describe('JobConsumer heartbeat', () => {
  it('keeps extending the visibility of a job that shows life', async () => {
    const { held, handle } = heldHandler();
    const { queue, consumer } = startConsumer(handle, {
      heartbeatSeconds: 0.02,
      stallSeconds: 1,
    });
    queue.offer(message('a'));
    await until(() => queue.visibility.length >= 3);
    expect(queue.visibility.slice(0, 3)).toEqual(
      Array(3).fill({ receiptHandle: 'receipt-a', seconds: 300 }),
    );
    held.finish({ kind: 'skipped', reason: 'test' });
    await until(() => consumer.activeJobs === 0);
    const extensions = queue.visibility.length;
    await sleep(60);
    expect(queue.visibility).toHaveLength(extensions);
  });

  it('stops extending a job silent for longer than the stall timeout, so SQS hands it out again', async () => {
    const { held, handle } = heldHandler();
    const { queue } = startConsumer(handle, { heartbeatSeconds: 0.02, stallSeconds: 0.05 });
    queue.offer(message('a'));
    await sleep(200);
    const whileQuiet = queue.visibility.length;
    expect(whileQuiet).toBeLessThanOrEqual(3);
    held.ctx?.onActivity?.();
    await until(() => queue.visibility.length > whileQuiet);
    held.finish({ kind: 'skipped', reason: 'test' });
  });
});

describe('JobConsumer receive', () => {
  it('backs off after a failed receive and polls again', async () => {
    const handled: string[] = [];
    const { queue } = startConsumer(async (m) => {
      handled.push(m.messageId);
      return { kind: 'skipped', reason: 'test' };
    });
    queue.receiveError = new Error('queue down');
    await sleep(20);
    queue.receiveError = undefined;
    queue.offer(message('a'));
    await until(() => handled.length === 1, 3000);
    expect(handled).toEqual(['a']);
  });
});
