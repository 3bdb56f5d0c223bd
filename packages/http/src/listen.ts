import type { Server, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Express } from 'express';
import { Draining } from './draining.ts';

/**
 * Idle keep-alive connections stay open longer than the ALB's idle timeout (60 s), so the ALB, not
 * the server, closes them: a server-side close can cross a request the ALB just sent and it
 * answers that request 502. The headers timeout must be above it (Node's guidance).
 */
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
const HEADERS_TIMEOUT_MS = 66_000;
/** Once the server stops accepting, requests in flight get this long before connections are cut. */
const CLOSE_TIMEOUT_MS = 10_000;
/** While closing, how often connections that went idle are closed. */
const IDLE_SWEEP_MS = 50;

export interface Listening {
  server: Server;
  /** Loopback URL of the bound port (port 0 resolves to the one the OS chose). */
  url: string;
  /**
   * Stops accepting connections, lets requests in flight finish (up to 10 s, then connections are
   * cut) and closes every keep-alive connection as soon as it is idle.
   */
  close(): Promise<void>;
  /**
   * Graceful shutdown (SIGTERM): readiness fails at once, requests are still answered for
   * `drainSeconds`, each asking its client to close the connection, then `close()`.
   */
  drainAndClose(drainSeconds: number): Promise<void>;
}

export interface ListenOptions {
  port: number;
  host: string;
  /** The state the app's `/readyz` reads; default a new one (readiness then ignores shutdown). */
  draining?: Draining;
}

/** Binds the app and resolves once it listens. */
export async function listen(app: Express, opts: ListenOptions): Promise<Listening> {
  const draining = opts.draining ?? new Draining();
  const server = app.listen(opts.port, opts.host);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  askClientsToCloseWhenDraining(server, draining);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  const close = async () => {
    draining.start();
    await closeGracefully(server);
  };
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close,
    drainAndClose: async (drainSeconds) => {
      draining.start();
      await sleep(drainSeconds * 1000);
      await close();
    },
  };
}

/**
 * From the start of draining, every response carries `Connection: close`, including those of
 * requests already running whose headers are not sent yet: Node then ends the connection after
 * the response, and the client opens a new one (to another pod) for its next request.
 */
function askClientsToCloseWhenDraining(server: Server, draining: Draining): void {
  const running = new Set<ServerResponse>();
  const closeAfter = (res: ServerResponse) => {
    if (!res.headersSent) res.setHeader('Connection', 'close');
  };
  // Before Express's listener, so even a route that answers synchronously is covered.
  server.prependListener('request', (_req, res: ServerResponse) => {
    if (draining.active) return closeAfter(res);
    running.add(res);
    res.once('close', () => running.delete(res));
  });
  draining.onStart(() => {
    for (const res of running) closeAfter(res);
    running.clear();
  });
}

async function closeGracefully(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  // A connection whose last response was already under way when draining began stays keep-alive:
  // close each one the moment it goes idle, and cut whatever still runs after the timeout.
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const deadline = setTimeout(() => server.closeAllConnections(), CLOSE_TIMEOUT_MS);
  try {
    await closed;
  } finally {
    clearInterval(sweep);
    clearTimeout(deadline);
  }
}
