import { describe, expect, it } from 'vitest';
import { createLogger } from '@videoforge/platform';
import type { ReceivedMessage } from '@videoforge/core';
import type { JobOutcome } from '../../src/worker/outcome.ts';
import { withUsageRecording } from '../../src/worker/usage-recording.ts';

const body = JSON.stringify({
  version: 1,
  jobId: 'j1',
  videoId: 'v1',
  userId: 'u1',
  bucket: 'videos',
  key: 'raw/u1/v1.mp4',
  quality: '720p',
  requestedAt: '2026-05-04T10:00:00.000Z',
});
const message: ReceivedMessage = { messageId: 'm', body, receiptHandle: 'r', receiveCount: 1 };
const ctx = { signal: new AbortController().signal };
const done: JobOutcome = { kind: 'done', sizeBytes: 10, mediaSeconds: 12.5, phases: {} };

function recorder(fail = false) {
  const calls: Array<[string, string, number]> = [];
  return {
    calls,
    usage: {
      addTranscodeSeconds: async (userId: string, day: string, seconds: number) => {
        if (fail) throw new Error('dynamodb down');
        calls.push([userId, day, seconds]);
      },
    },
  };
}

const logger = createLogger('test', 'silent');
const clock = () => new Date('2026-05-04T23:59:00Z');

describe('recording transcode usage', () => {
  it("adds a done job's media seconds to its owner's day", async () => {
    const { calls, usage } = recorder();
    const handle = withUsageRecording(async () => done, { usage, logger, clock });
    expect(await handle(message, ctx)).toBe(done);
    expect(calls).toEqual([['u1', '2026-05-04', 12.5]]);
  });

  it.each<JobOutcome>([
    { kind: 'skipped', reason: 'already READY' },
    { kind: 'retry', reason: 'x' },
    { kind: 'failed', reason: 'x' },
    { kind: 'returned' },
  ])('records nothing for a $kind job', async (outcome) => {
    const { calls, usage } = recorder();
    await withUsageRecording(async () => outcome, { usage, logger, clock })(message, ctx);
    expect(calls).toEqual([]);
  });

  it('keeps the outcome when the usage cannot be written', async () => {
    const { usage } = recorder(true);
    const handle = withUsageRecording(async () => done, { usage, logger, clock });
    await expect(handle(message, ctx)).resolves.toBe(done);
  });
});
