/**
 * Runs `work` while `check` is still pending, so neither waits for the other. A failed check
 * aborts the work and its error wins: it says more about the job than the aborted work's own.
 */
export async function runWhileChecking<T>(
  check: Promise<unknown>,
  parent: AbortSignal,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const checkFailed = new AbortController();
  const settled = check.then(
    () => undefined,
    (error: unknown) => {
      checkFailed.abort(error);
      return { error };
    },
  );
  try {
    const result = await work(AbortSignal.any([parent, checkFailed.signal]));
    const failure = await settled;
    if (failure) throw failure.error;
    return result;
  } catch (error) {
    // Stopped from outside (shutdown, stall): the check's outcome no longer matters.
    if (parent.aborted) throw error;
    const failure = await settled;
    throw failure ? failure.error : error;
  }
}
