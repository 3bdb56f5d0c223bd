import type { Logger } from '@videoforge/platform';

interface Entry {
  name: string;
  stop: () => Promise<void>;
}

/** Stops what was started, last first. Never throws: a failing stop is logged and the rest still run. */
export class CleanupStack {
  readonly #entries: Entry[] = [];
  readonly #logger: Logger;

  constructor(logger: Logger) {
    this.#logger = logger;
  }

  push(name: string, stop: () => Promise<void>): void {
    this.#entries.push({ name, stop });
  }

  async run(): Promise<void> {
    for (let entry = this.#entries.pop(); entry; entry = this.#entries.pop()) {
      try {
        await entry.stop();
        this.#logger.debug({ what: entry.name }, 'stopped');
      } catch (error) {
        this.#logger.error({ err: error, what: entry.name }, 'failed to stop');
      }
    }
  }
}
