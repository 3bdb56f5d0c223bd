export interface BackoffSettings {
  /** The delay before the first retry, before jitter. */
  baseMs: number;
  /** No delay grows past this. */
  maxMs: number;
}

/**
 * Exponential back-off with "equal jitter": half of base * 2^(attemptsMade-1) (capped at maxMs) is
 * fixed, the other half random, so retries never come sooner than half the step and a burst of
 * failures at one receiver does not retry in lock-step.
 */
export function retryDelayMs(
  attemptsMade: number,
  settings: BackoffSettings,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attemptsMade) - 1);
  // 2^exponent overflows to Infinity long before it matters; the cap keeps it finite.
  const step = Math.min(settings.maxMs, settings.baseMs * 2 ** exponent);
  const half = step / 2;
  return Math.round(half + half * Math.min(Math.max(random(), 0), 1));
}
