import { describe, expect, it } from 'vitest';
import { backoffDelayMs, retryWithBackoff } from '../../src/worker/retry.ts';
import { loadTranscoderConfig } from '../../src/config.ts';

describe('backoffDelayMs', () => {
  const policy = { firstDelayMs: 500, maxDelayMs: 30_000 };

  it('doubles from the first delay up to the cap, jittered between half and the whole step', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelayMs(n, policy, () => 1))).toEqual([
      500, 1000, 2000, 4000,
    ]);
    expect([0, 1, 2, 3].map((n) => backoffDelayMs(n, policy, () => 0))).toEqual([
      250, 500, 1000, 2000,
    ]);
    expect(backoffDelayMs(20, policy, () => 1)).toBe(30_000);
  });
});

describe('retryWithBackoff', () => {
  const quick = { firstDelayMs: 1, maxDelayMs: 4, budgetMs: 1000 };

  it('retries until the operation succeeds', async () => {
    let calls = 0;
    const retried: number[] = [];
    const value = await retryWithBackoff(
      async () => {
        if (++calls < 3) throw new Error('table unavailable');
        return 'written';
      },
      quick,
      undefined,
      (_, delay) => retried.push(delay),
    );
    expect(value).toBe('written');
    expect(calls).toBe(3);
    expect(retried).toHaveLength(2);
  });

  it('gives up with the last error once the budget is spent', async () => {
    let calls = 0;
    await expect(
      retryWithBackoff(
        async () => {
          calls++;
          throw new Error(`down ${calls}`);
        },
        { firstDelayMs: 20, maxDelayMs: 20, budgetMs: 50 },
      ),
    ).rejects.toThrow(/^down \d+$/);
    expect(calls).toBeGreaterThan(1);
    expect(calls).toBeLessThan(6);
  });
});

describe('lease settings', () => {
  const base = {
    S3_BUCKET: 'b',
    SQS_JOBS_QUEUE_URL: 'http://127.0.0.1:4566/000000000000/jobs',
    DYNAMODB_TABLE: 't',
  };

  it('default to a 30 s lease renewed every 10 s', () => {
    const config = loadTranscoderConfig(base);
    expect(config.consumer).toMatchObject({ visibilitySeconds: 30, heartbeatSeconds: 10 });
  });

  it('refuse a heartbeat that leaves no room for one failed renewal', () => {
    expect(() =>
      loadTranscoderConfig({ ...base, SQS_VISIBILITY_SECONDS: '30', HEARTBEAT_SECONDS: '15' }),
    ).toThrow(/HEARTBEAT_SECONDS \(15\) must be under half of SQS_VISIBILITY_SECONDS \(30\)/);
  });
});
