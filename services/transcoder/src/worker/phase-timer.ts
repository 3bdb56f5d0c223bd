export type PhaseTimer = ReturnType<typeof createPhaseTimer>;

/** Wall seconds per phase of a job, for the log line operators read when a job is slow. */
export function createPhaseTimer(onPhase?: () => void) {
  const seconds: Record<string, number> = {};
  return {
    async time<T>(phase: string, run: () => Promise<T>): Promise<T> {
      onPhase?.();
      const started = performance.now();
      try {
        return await run();
      } finally {
        seconds[phase] = Math.round(performance.now() - started) / 1000;
      }
    },
    seconds: () => ({ ...seconds }),
  };
}
