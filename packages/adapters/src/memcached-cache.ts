import memjs from 'memjs';
import type { Cache } from '@videoforge/core';

export interface MemcachedOptions {
  /** Comma-separated host:port list. */
  servers: string;
  /** Per-operation timeout; a slow cache must never slow a request much. */
  timeoutSeconds?: number;
}

export class MemcachedCache implements Cache {
  private readonly client: memjs.Client;

  constructor(options: MemcachedOptions) {
    this.client = createMemcachedClient(options);
  }

  async get(key: string): Promise<string | undefined> {
    const { value } = await this.client.get(key);
    return value ? value.toString('utf8') : undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.client.set(key, value, { expires: ttlSeconds });
  }

  async delete(key: string): Promise<void> {
    await this.client.delete(key);
  }

  close(): void {
    this.client.close();
  }
}

/** Fails fast and quietly: callers decide what a missing cache means and log it themselves. */
export function createMemcachedClient(options: MemcachedOptions): memjs.Client {
  const timeout = options.timeoutSeconds ?? 0.25;
  return memjs.Client.create(options.servers, {
    timeout,
    conntimeout: timeout,
    retries: 0,
    keepAlive: true,
    logger: { log: () => undefined },
  });
}
