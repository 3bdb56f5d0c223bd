import { createLogger, type Logger } from '@videoforge/platform';

export interface CapturedLogs {
  logger: Logger;
  /** Every line written so far, exactly as written (one JSON document each). */
  lines(): string[];
}

/** A logger at debug level that keeps every line in memory, for tests that read a run's logs. */
export function captureLogs(service = 'pipeline'): CapturedLogs {
  const lines: string[] = [];
  const sink = {
    write(chunk: string) {
      for (const line of chunk.split('\n')) if (line.length > 0) lines.push(line);
    },
  };
  return { logger: createLogger(service, 'debug', sink), lines: () => [...lines] };
}
