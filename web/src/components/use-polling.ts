import { useCallback, useEffect, useRef, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  reload(): void;
}

/**
 * Loads `load()` and, while `keepPolling(data)` says work is running, again every `intervalMs`.
 * `deps` restart it (e.g. another video id).
 */
export function usePolling<T>(
  load: () => Promise<T>,
  keepPolling: (data: T) => boolean,
  intervalMs: number,
  deps: readonly unknown[],
): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  const pollRef = useRef(keepPolling);
  loadRef.current = load;
  pollRef.current = keepPolling;

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const run = async () => {
      try {
        const value = await loadRef.current();
        if (stopped) return;
        setData(value);
        setError(undefined);
        if (pollRef.current(value)) timer = setTimeout(() => void run(), intervalMs);
      } catch (caught) {
        if (!stopped) setError(caught);
      }
    };
    void run();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [...deps, tick, intervalMs]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, reload };
}
