import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineExceededError, startAttemptDeadline } from '../../src/worker/deadline.ts';

const settings = { baseSeconds: 10, perMediaSecond: 2, unknownDurationSeconds: 100 };

describe('startAttemptDeadline', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('allows the base time until the duration is known', () => {
    const deadline = startAttemptDeadline(new AbortController().signal, settings);
    vi.advanceTimersByTime(9_999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.expired).toBe(true);
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect((deadline.signal.reason as DeadlineExceededError).deadlineSeconds).toBe(10);
  });

  it('grows with the source duration, counted from the start of the attempt', () => {
    const deadline = startAttemptDeadline(new AbortController().signal, settings);
    vi.advanceTimersByTime(5_000);
    deadline.fitTo(30); // 10 + 2 x 30 = 70 s from the start
    vi.advanceTimersByTime(64_999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect((deadline.signal.reason as DeadlineExceededError).deadlineSeconds).toBe(70);
  });

  it('assumes the longest allowed duration when the source states none', () => {
    const deadline = startAttemptDeadline(new AbortController().signal, settings);
    deadline.fitTo(0);
    vi.advanceTimersByTime(209_999);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.expired).toBe(true);
  });

  it('follows the parent, and is not expired when the parent or end() aborted it', () => {
    const parent = new AbortController();
    const deadline = startAttemptDeadline(parent.signal, settings);
    parent.abort(new Error('shutdown'));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.expired).toBe(false);

    const ended = startAttemptDeadline(new AbortController().signal, settings);
    ended.end();
    expect(ended.signal.aborted).toBe(true);
    vi.advanceTimersByTime(60_000);
    expect(ended.expired).toBe(false);
  });
});
