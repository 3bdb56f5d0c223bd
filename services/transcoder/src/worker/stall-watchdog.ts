export class StalledError extends Error {
  readonly stallSeconds: number;

  constructor(stallSeconds: number) {
    super(`ffmpeg stalled: no progress for ${stallSeconds} s`);
    this.name = 'StalledError';
    this.stallSeconds = stallSeconds;
  }
}

/**
 * Runs `work` with a signal that aborts (reason: StalledError) when `touch()` is not called for
 * `stallSeconds`, or when the parent signal aborts (its reason passes through).
 */
export async function withStallWatchdog<T>(
  parent: AbortSignal,
  stallSeconds: number,
  work: (signal: AbortSignal, touch: () => void) => Promise<T>,
): Promise<T> {
  const stall = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(new StalledError(stallSeconds)), stallSeconds * 1000);
  };
  touch();
  try {
    return await work(AbortSignal.any([parent, stall.signal]), touch);
  } catch (error) {
    // Whatever the work threw on the way out, the cause was the stall.
    if (stall.signal.aborted && !parent.aborted) throw stall.signal.reason;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
