import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startAliveWrites } from '../../src/worker/alive-writer.ts';

describe('startAliveWrites', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('writes every interval until stopped, never two at once, and reports failures', async () => {
    let writes = 0;
    let release: () => void = () => undefined;
    const errors: unknown[] = [];
    const stop = startAliveWrites({
      everySeconds: 5,
      write: () => {
        writes++;
        if (writes === 2) return new Promise<void>((resolve) => (release = resolve));
        if (writes === 3) return Promise.reject(new Error('table unavailable'));
        return Promise.resolve();
      },
      onError: (error) => errors.push(error),
    });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writes).toBe(1);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writes).toBe(2);
    await vi.advanceTimersByTimeAsync(10_000); // the second write still hangs: no pile-up
    expect(writes).toBe(2);
    release();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(writes).toBe(3);
    expect(errors).toHaveLength(1);
    stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(writes).toBe(3);
  });
});
