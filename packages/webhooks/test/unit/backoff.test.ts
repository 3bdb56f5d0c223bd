import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../../src/index.ts';

const settings = { baseMs: 1000, maxMs: 60_000 };

describe('retryDelayMs', () => {
  it('doubles each attempt: half fixed, half random (equal jitter)', () => {
    expect(retryDelayMs(1, settings, () => 0)).toBe(500);
    expect(retryDelayMs(1, settings, () => 1)).toBe(1000);
    expect(retryDelayMs(2, settings, () => 0)).toBe(1000);
    expect(retryDelayMs(2, settings, () => 0.5)).toBe(1500);
    expect(retryDelayMs(3, settings, () => 1)).toBe(4000);
    expect(retryDelayMs(5, settings, () => 0)).toBe(8000);
  });

  it('is capped at maxMs, even for absurd attempt counts', () => {
    expect(retryDelayMs(7, settings, () => 1)).toBe(60_000);
    expect(retryDelayMs(7, settings, () => 0)).toBe(30_000);
    expect(retryDelayMs(5000, settings, () => 1)).toBe(60_000);
  });

  it('treats 0 or negative attempts as the first retry and clamps a bad random', () => {
    expect(retryDelayMs(0, settings, () => 1)).toBe(1000);
    expect(retryDelayMs(-3, settings, () => 0)).toBe(500);
    expect(retryDelayMs(1, settings, () => 7)).toBe(1000);
  });

  it('stays within [step/2, step] with the real random', () => {
    for (let i = 0; i < 200; i++) {
      const delay = retryDelayMs(4, settings);
      expect(delay).toBeGreaterThanOrEqual(4000);
      expect(delay).toBeLessThanOrEqual(8000);
    }
  });
});
