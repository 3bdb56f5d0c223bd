import { describe, expect, it } from 'vitest';
import { estimateEtaSeconds } from '../../src/worker/progress-writer.ts';
import { StalledError, withStallWatchdog } from '../../src/worker/stall-watchdog.ts';

describe('ETA', () => {
  it('extrapolates the pace so far', () => {
    expect(estimateEtaSeconds(25, 10)).toBe(30);
    expect(estimateEtaSeconds(50, 10)).toBe(10);
    expect(estimateEtaSeconds(100, 10)).toBe(0);
    expect(estimateEtaSeconds(0, 10)).toBeUndefined();
    expect(estimateEtaSeconds(1, 10)).toBeUndefined();
  });
});

describe('stall watchdog', () => {
  it('aborts work whose progress stops, with a StalledError', async () => {
    const result = withStallWatchdog(
      new AbortController().signal,
      0.2,
      (signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        ),
    );
    await expect(result).rejects.toBeInstanceOf(StalledError);
  });

  it('lets work that keeps touching run past the stall time', async () => {
    const result = await withStallWatchdog(
      new AbortController().signal,
      0.15,
      async (signal, touch) => {
        for (let i = 0; i < 6; i++) {
          await new Promise((r) => setTimeout(r, 50));
          touch();
        }
        return signal.aborted ? 'aborted' : 'finished';
      },
    );
    expect(result).toBe('finished');
  });

  it('passes the parent abort reason through', async () => {
    const parent = new AbortController();
    const result = withStallWatchdog(
      parent.signal,
      10,
      (signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        ),
    );
    parent.abort(new Error('shutdown'));
    await expect(result).rejects.toThrow('shutdown');
  });
});

describe('stall watchdog errors', () => {
  it('reports the stall even when the work fails with its own abort error', async () => {
    const result = withStallWatchdog(
      new AbortController().signal,
      0.1,
      (signal) =>
        new Promise((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(new Error('ffmpeg was aborted'))),
        ),
    );
    await expect(result).rejects.toBeInstanceOf(StalledError);
  });
});
