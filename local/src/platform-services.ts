import path from 'node:path';
import type { Logger } from '@videoforge/platform';
import { waitForChild } from './child-process.ts';
import { choosePort, httpOk, waitUntil } from './net.ts';
import { serviceEntry, spawnService, type ServiceSpec } from './services.ts';
import { supervise, type BackoffPolicy, type SupervisedChild } from './supervisor.ts';

export interface ServicePorts {
  api: number;
  admin: number;
  /** One health/metrics port per worker process; its length is the number of workers. */
  transcoders: readonly number[];
  /** Health and metrics of the events service (it runs when the stack has Redis). */
  events: number;
}

/** `npm start`: api 8080, admin 8081, workers 9100, 9101, … */
export function defaultServicePorts(transcoders: number): ServicePorts {
  return {
    api: 8080,
    admin: 8081,
    transcoders: Array.from({ length: transcoders }, (_, i) => 9100 + i),
    events: 9200,
  };
}

/** Ports the OS reports free, for a second platform beside a running `npm start` (chaos runs). */
export async function freeServicePorts(transcoders: number): Promise<ServicePorts> {
  const free = () => choosePort(0, 'service');
  return {
    api: await free(),
    admin: await free(),
    transcoders: await Promise.all(Array.from({ length: transcoders }, free)),
    events: await free(),
  };
}

export interface PlatformServicesOptions {
  /** What every service reads: the local stack's environment and LOG_LEVEL. */
  env: Record<string, string>;
  ports: ServicePorts;
  /** Each worker gets its own sub-directory, named after it. */
  scratchDir: string;
  /** Extra variables for every worker. */
  transcoderEnv?: Record<string, string>;
  /** Restart delays after crashes. Default DEFAULT_BACKOFF. */
  backoff?: BackoffPolicy;
  /** Every stdout line a service prints (pino JSON), with the name it runs under and its pid. */
  onStdoutLine?: (service: string, line: string, pid: number | undefined) => void;
  logger: Logger;
}

export interface PlatformServices {
  /** api, admin, the workers (`transcoder`, or `transcoder-1`, `transcoder-2`, …), then events. */
  readonly children: readonly SupervisedChild[];
  /** Stops every service (and any pending restart); they are not restarted. */
  stop(): Promise<void>;
}

interface ServiceLaunch extends ServiceSpec {
  /** Answers 200 once the service serves. */
  readyUrl: string;
}

const READY_TIMEOUT_MS = 60_000;

/** On one machine nothing is worth waiting hours for: retries and repairs come in seconds. */
const LOCAL_EVENTS_ENV = {
  EVENTS_POLL_MS: '250',
  WEBHOOK_RETRY_BASE_SECONDS: '1',
  WEBHOOK_RETRY_MAX_SECONDS: '30',
  RECONCILE_AFTER_SECONDS: '120',
  RECONCILE_EVERY_SECONDS: '30',
  SHUTDOWN_GRACE_SECONDS: '2',
};

/**
 * api, admin, the workers and the events service, each its own process from its own main.ts, supervised like pods: a
 * process that dies after it first became ready is started again with back-off. One that dies
 * before it was ever ready fails the start (a broken config would only crash again).
 */
export async function startPlatformServices(
  options: PlatformServicesOptions,
): Promise<PlatformServices> {
  const launches = serviceLaunches(options);
  const spawn = (launch: ServiceLaunch) => spawnService(launch, options.logger);
  const first = launches.map((launch) => ({ launch, child: spawn(launch) }));
  try {
    await Promise.all(
      first.map(({ launch, child }) =>
        waitForChild(launch.name, child, waitForUrl(launch.readyUrl)),
      ),
    );
  } catch (error) {
    await Promise.allSettled(first.map(({ child }) => child.stop()));
    throw error;
  }
  const children = first.map(({ launch, child }) =>
    supervise({
      name: launch.name,
      first: child,
      restart: () => spawn(launch),
      ready: (next) => waitForChild(launch.name, next, waitForUrl(launch.readyUrl)),
      backoff: options.backoff,
      logger: options.logger.child({ component: launch.name }),
    }),
  );
  return {
    children,
    stop: async () => void (await Promise.allSettled(children.map((c) => c.stop()))),
  };
}

function serviceLaunches(options: PlatformServicesOptions): ServiceLaunch[] {
  const { env, ports } = options;
  const lineOf = (name: string) =>
    options.onStdoutLine &&
    ((line: string, pid: number | undefined) => options.onStdoutLine?.(name, line, pid));
  const http = (name: 'api' | 'admin', port: number): ServiceLaunch => ({
    name,
    entry: serviceEntry(`services/${name}/src/main.ts`),
    // Locally nothing needs time to take the process out of rotation: Ctrl-C stops it at once.
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_DRAIN_SECONDS: '0' },
    readyUrl: `http://127.0.0.1:${port}/readyz`,
    onStdoutLine: lineOf(name),
  });
  const workers = ports.transcoders.map((port, i): ServiceLaunch => {
    const name = ports.transcoders.length === 1 ? 'transcoder' : `transcoder-${i + 1}`;
    return {
      name,
      entry: serviceEntry('services/transcoder/src/main.ts'),
      env: {
        ...env,
        HEALTH_PORT: String(port),
        HEALTH_HOST: '127.0.0.1',
        SCRATCH_DIR: path.join(options.scratchDir, name),
        // Locally a Ctrl-C should not wait long: unfinished jobs go back to the queue.
        SHUTDOWN_GRACE_SECONDS: '2',
        RETRY_DELAY_SECONDS: '2',
        ...options.transcoderEnv,
      },
      readyUrl: `http://127.0.0.1:${port}/healthz`,
      onStdoutLine: lineOf(name),
    };
  });
  const events: ServiceLaunch[] = env.REDIS_URL
    ? [
        {
          name: 'events',
          entry: serviceEntry('services/events/src/main.ts'),
          env: { ...env, ...LOCAL_EVENTS_ENV, PORT: String(ports.events), HOST: '127.0.0.1' },
          readyUrl: `http://127.0.0.1:${ports.events}/healthz`,
          onStdoutLine: lineOf('events'),
        },
      ]
    : [];
  return [http('api', ports.api), http('admin', ports.admin), ...workers, ...events];
}

function waitForUrl(url: string): Promise<void> {
  return waitUntil(() => httpOk(url), {
    timeoutMs: READY_TIMEOUT_MS,
    intervalMs: 200,
    description: url,
  });
}
