/**
 * Runs tasks one after another per key and concurrently across keys: events of one object reach the
 * handler in the order they happened, while a slow handler for one upload does not hold up others.
 */
export class PerKeyQueue {
  readonly #tails = new Map<string, Promise<void>>();

  enqueue(key: string, task: () => Promise<void>): void {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const tail = previous.then(task).catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
  }

  get size(): number {
    return this.#tails.size;
  }

  /** Resolves once every queued task, including ones queued meanwhile, has settled. */
  async drain(): Promise<void> {
    while (this.#tails.size > 0) await Promise.all(this.#tails.values());
  }
}
