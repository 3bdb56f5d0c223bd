import net, { type AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Everything in the local stack binds the IPv4 loopback only. */
export const LOOPBACK = '127.0.0.1';

export class PortInUseError extends Error {
  readonly port: number;

  constructor(port: number, what: string) {
    super(`port ${port} (${what}) is in use: is another \`npm start\` running?`);
    this.name = 'PortInUseError';
    this.port = port;
  }
}

function isAddressInUse(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
}

/** Binds `server` to the loopback; port 0 lets the OS choose. Resolves the bound port. */
export function listenOnLoopback(server: net.Server, port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(isAddressInUse(error) ? new PortInUseError(port, what) : error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, LOOPBACK);
  });
}

export function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
}

/**
 * A port for a child process to bind: a fixed port is checked to be free (so the error names it
 * instead of the child dying with a cryptic message), 0 becomes a free port picked by the OS.
 */
export async function choosePort(port: number, what: string): Promise<number> {
  // A process just killed (a previous run's leftover) can hold its port a moment longer on a
  // loaded machine: a fixed port gets a few seconds before it counts as taken.
  for (let attempt = 1; ; attempt++) {
    const probe = net.createServer();
    try {
      const chosen = await listenOnLoopback(probe, port, what);
      await closeServer(probe);
      return chosen;
    } catch (error) {
      if (!(error instanceof PortInUseError) || attempt >= FIXED_PORT_ATTEMPTS) throw error;
      await sleep(FIXED_PORT_RETRY_MS);
    }
  }
}

const FIXED_PORT_ATTEMPTS = 12;
const FIXED_PORT_RETRY_MS = 250;

export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: LOOPBACK });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export async function httpOk(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  description: string;
}

/** Polls `check` until it returns true; rejects after `timeoutMs`. */
export async function waitUntil(
  check: () => Promise<boolean>,
  options: WaitOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${options.timeoutMs} ms waiting for ${options.description}`);
    }
    await sleep(options.intervalMs ?? 50);
  }
}
