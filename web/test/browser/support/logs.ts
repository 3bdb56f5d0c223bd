import { createLogger, type Logger } from '@videoforge/platform';

/** The stack's JSON log lines, kept so a test can read what a developer would (a reset code). */
export class LogCapture {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly logger: Logger = createLogger('web-test', 'info', {
    write: (line: string) => void this.lines.push(JSON.parse(line) as Record<string, unknown>),
  });

  /** The first line from `fromIndex` on that matches, once it is written. */
  async waitFor(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs = 10_000,
    fromIndex = 0,
  ) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.slice(fromIndex).find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
