import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Delay before the first retry; doubles each time (with jitter) up to `maxDelayMs`. */
  firstDelayMs: number;
  maxDelayMs: number;
  /** Gives up once this much time has passed since the first try. */
  budgetMs: number;
}

/**
 * Runs `operation` until it succeeds or the budget is spent, waiting a growing, jittered delay
 * between tries; the last error is thrown. For writes a dependency outage must not lose (a status
 * write while DynamoDB is unreachable for a few seconds). An aborted signal stops the waiting.
 */
export async function retryWithBackoff<T>(
  operation: () => Promise<T>,
  policy: RetryPolicy,
  signal?: AbortSignal,
  onRetry?: (error: unknown, delayMs: number) => void,
): Promise<T> {
  const startedAt = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      const delayMs = backoffDelayMs(attempt, policy);
      if (signal?.aborted || Date.now() - startedAt + delayMs > policy.budgetMs) throw error;
      onRetry?.(error, delayMs);
      await sleep(delayMs, undefined, { signal });
    }
  }
}

/** Exponential with "full jitter" between half and the whole step, so retries do not march in step. */
export function backoffDelayMs(
  attempt: number,
  policy: Pick<RetryPolicy, 'firstDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** attempt);
  return Math.round(step / 2 + (random() * step) / 2);
}
