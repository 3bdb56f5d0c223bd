/** The attempt took longer than its deadline; every process it started has been killed. */
export class DeadlineExceededError extends Error {
  readonly deadlineSeconds: number;

  constructor(deadlineSeconds: number) {
    super(`the attempt went past its ${deadlineSeconds} s deadline`);
    this.name = new.target.name;
    this.deadlineSeconds = deadlineSeconds;
  }
}

export interface DeadlineSettings {
  /** Allowed for any source, and all that is allowed until the probe has told the duration. */
  baseSeconds: number;
  /** Added per second of source, once known. */
  perMediaSecond: number;
  /** Used for the duration when the source states none. */
  unknownDurationSeconds: number;
}

export interface AttemptDeadline {
  /** Aborts at the deadline (reason: DeadlineExceededError), when the parent aborts, or at end(). */
  signal: AbortSignal;
  /** Moves the deadline to base + perMediaSecond x duration, counted from the start. */
  fitTo(durationSec: number): void;
  /** True when the deadline (not the parent, not end()) aborted the signal. */
  readonly expired: boolean;
  /** The attempt is over: stops the timer and aborts anything still running under the signal. */
  end(): void;
}

/**
 * One deadline per attempt, so a source that makes ffmpeg crawl (or a process that hangs
 * outside the stall watchdog) cannot hold a worker for longer than its size warrants.
 */
export function startAttemptDeadline(
  parent: AbortSignal,
  settings: DeadlineSettings,
  now: () => number = Date.now,
): AttemptDeadline {
  const startedAt = now();
  const own = new AbortController();
  let expired = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (deadlineSeconds: number) => {
    clearTimeout(timer);
    const remainingMs = Math.max(0, startedAt + deadlineSeconds * 1000 - now());
    timer = setTimeout(() => {
      expired = true;
      own.abort(new DeadlineExceededError(deadlineSeconds));
    }, remainingMs);
  };
  arm(settings.baseSeconds);
  return {
    signal: AbortSignal.any([parent, own.signal]),
    fitTo(durationSec) {
      const seconds = durationSec > 0 ? durationSec : settings.unknownDurationSeconds;
      if (!own.signal.aborted)
        arm(Math.ceil(settings.baseSeconds + settings.perMediaSecond * seconds));
    },
    get expired() {
      return expired;
    },
    end() {
      clearTimeout(timer);
      own.abort(new Error('attempt ended'));
    },
  };
}
