import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Total tries, the first included. */
  attempts: number;
  /** Doubled after each failure. */
  baseDelayMs: number;
}

/** Like Lambda's asynchronous invocation: the first try and two retries, here with short pauses. */
export const LAMBDA_LIKE_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 100 };

export interface RetryHooks {
  onFailure(error: unknown, attempt: number, willRetry: boolean): void;
  /** Aborting cancels the pending pause and so any further try. */
  signal: AbortSignal;
}

/** Resolves true when `run` eventually succeeded, false when it was given up. Never rejects. */
export async function runWithRetry(
  run: () => Promise<void>,
  policy: RetryPolicy,
  hooks: RetryHooks,
): Promise<boolean> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run();
      return true;
    } catch (error) {
      const willRetry = attempt < policy.attempts && !hooks.signal.aborted;
      hooks.onFailure(error, attempt, willRetry);
      if (!willRetry) return false;
    }
    try {
      await sleep(policy.baseDelayMs * 2 ** (attempt - 1), undefined, { signal: hooks.signal });
    } catch {
      return false;
    }
  }
}
