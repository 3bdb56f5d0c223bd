/**
 * A service's shutdown state, shared by its readiness route and its server. Once started (SIGTERM),
 * `/readyz` answers 503 so the load balancer stops sending new requests, while the server still
 * answers everything and asks each client to close its connection (`Connection: close`): by the
 * time the server stops, no client holds a keep-alive connection it could send a request on.
 */
export class Draining {
  #startedAt: number | undefined;
  readonly #listeners: Array<() => void> = [];

  get active(): boolean {
    return this.#startedAt !== undefined;
  }

  /** Idempotent. */
  start(): void {
    if (this.#startedAt !== undefined) return;
    this.#startedAt = Date.now();
    for (const listener of this.#listeners.splice(0)) listener();
  }

  /** Runs `listener` once, when draining starts (at once if it already has). */
  onStart(listener: () => void): void {
    if (this.active) listener();
    else this.#listeners.push(listener);
  }
}
