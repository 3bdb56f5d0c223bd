import type { Logger } from '@videoforge/platform';
import { spawnChild, waitForChild } from '../child-process.ts';
import { LOOPBACK, canConnect, choosePort, waitUntil } from '../net.ts';
import type { ChildRegistry } from '../stale-children.ts';
import { findOnPath, isExecutable } from './binaries.ts';

export interface MemcachedOptions {
  port: number;
  /** An explicit binary; otherwise `memcached` is looked up on `searchPath`. */
  binary?: string;
  /** Default: the PATH of this process. */
  searchPath?: string;
  logger: Logger;
  registry: ChildRegistry;
}

export interface MemcachedServer {
  /** `host:port`, the MEMCACHED_SERVERS format. */
  readonly address: string;
  readonly port: number;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;

/** Resolves undefined (cache off, with a warning) when no memcached binary is available. */
export async function startMemcached(
  options: MemcachedOptions,
): Promise<MemcachedServer | undefined> {
  const binary =
    options.binary ?? (await findOnPath('memcached', options.searchPath ?? process.env.PATH ?? ''));
  if (!binary) {
    options.logger.warn(
      'memcached not found on PATH: cache off (install: apt-get install memcached)',
    );
    return undefined;
  }
  if (!(await isExecutable(binary)))
    throw new Error(`memcached not found or not executable at ${binary}`);

  const port = await choosePort(options.port, 'memcached');
  const args = memcachedArgs(port);
  // A cache holds nothing to save, and memcached takes ~0.7 s to honour SIGTERM.
  const child = spawnChild({
    command: binary,
    args,
    logger: options.logger,
    stopSignal: 'SIGKILL',
  });
  if (child.pid !== undefined) {
    options.registry.add({
      name: 'memcached',
      pid: child.pid,
      marker: [binary, ...args].join(' '),
    });
  }
  try {
    const ready = waitUntil(() => canConnect(port), {
      timeoutMs: READY_TIMEOUT_MS,
      description: 'memcached',
    });
    await waitForChild('memcached', child, ready);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const address = `${LOOPBACK}:${port}`;
  options.logger.info({ address }, 'memcached listening');
  return { address, port, stop: () => child.stop() };
}

function memcachedArgs(port: number): string[] {
  const args = ['-l', LOOPBACK, '-p', String(port), '-U', '0', '-m', '64'];
  // memcached refuses to start as root unless told which user to run as.
  if (process.getuid?.() === 0) args.push('-u', 'root');
  return args;
}
