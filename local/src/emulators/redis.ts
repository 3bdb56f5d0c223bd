import { mkdir } from 'node:fs/promises';
import type { Logger } from '@videoforge/platform';
import { spawnChild, waitForChild } from '../child-process.ts';
import { LOOPBACK, canConnect, choosePort, waitUntil } from '../net.ts';
import type { ChildRegistry } from '../stale-children.ts';
import { findOnPath, isExecutable } from './binaries.ts';

export interface RedisOptions {
  port: number;
  /** Its working directory (nothing is saved there: this Redis keeps no data across starts). */
  dir: string;
  /** An explicit binary; otherwise `redis-server` is looked up on PATH. */
  binary?: string;
  logger: Logger;
  registry: ChildRegistry;
}

export interface RedisServer {
  /** redis://127.0.0.1:port, the REDIS_URL format. */
  readonly url: string;
  readonly port: number;
  /** Kills it (as a lost node would go) and, when `downMs` is given, starts it again after that. */
  restart(downMs: number): Promise<void>;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 10_000;
export const REDIS_INSTALL_HINT = 'install: apt-get install redis-server';

/** Resolves undefined (events off, with a warning) when no redis-server binary is available. */
export async function startRedis(options: RedisOptions): Promise<RedisServer | undefined> {
  const binary = options.binary ?? (await findOnPath('redis-server', process.env.PATH ?? ''));
  if (!binary) {
    options.logger.warn(
      `redis-server not found on PATH: events and webhooks off (${REDIS_INSTALL_HINT})`,
    );
    return undefined;
  }
  if (!(await isExecutable(binary)))
    throw new Error(`redis-server not found or not executable at ${binary}`);
  const port = await choosePort(options.port, 'redis');
  await mkdir(options.dir, { recursive: true });
  let child = await launch(binary, port, options);
  const url = `redis://${LOOPBACK}:${port}`;
  options.logger.info({ url }, 'redis listening');
  return {
    url,
    port,
    async restart(downMs: number) {
      await child.stop();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      child = await launch(binary, port, options);
    },
    stop: () => child.stop(),
  };
}

async function launch(binary: string, port: number, options: RedisOptions) {
  const args = [
    '--port',
    String(port),
    '--bind',
    LOOPBACK,
    '--dir',
    options.dir,
    // In memory only: BullMQ's jobs are rebuilt from the outbox and schedules at every start.
    '--save',
    '',
    '--appendonly',
    'no',
    // BullMQ needs keys it stores never to be evicted.
    '--maxmemory-policy',
    'noeviction',
    // Keeps the command line as started, so a stale one from a killed run can be recognised.
    '--set-proc-title',
    'no',
  ];
  const child = spawnChild({
    command: binary,
    args,
    logger: options.logger,
    stopSignal: 'SIGKILL',
  });
  if (child.pid !== undefined) {
    options.registry.add({ name: 'redis', pid: child.pid, marker: [binary, ...args].join(' ') });
  }
  try {
    const ready = waitUntil(() => canConnect(port), {
      timeoutMs: READY_TIMEOUT_MS,
      description: 'redis',
    });
    await waitForChild('redis', child, ready);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return child;
}
