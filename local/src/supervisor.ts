import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@videoforge/platform';
import type { ExitInfo, ManagedChild } from './child-process.ts';

/** Restart delays after crashes in a row, like a kubelet's CrashLoopBackOff but sized for a laptop. */
export interface BackoffPolicy {
  /** Delay before the first restart. */
  initialMs: number;
  /** Each further crash in a row multiplies the delay by this. */
  factor: number;
  /** The delay never exceeds this. */
  maxMs: number;
  /** A child that stayed up this long starts over at `initialMs` when it next crashes. */
  resetAfterMs: number;
}

/** `npm start`: 1 s, 2 s, 4 s … up to 30 s; back to 1 s after a minute up. */
export const DEFAULT_BACKOFF: BackoffPolicy = {
  initialMs: 1_000,
  factor: 2,
  maxMs: 30_000,
  resetAfterMs: 60_000,
};

/** The delay before restarting after the `crashesInARow`-th crash in a row (1 = the first). */
export function backoffDelay(policy: BackoffPolicy, crashesInARow: number): number {
  const exponent = Math.max(0, crashesInARow - 1);
  return Math.min(policy.maxMs, Math.round(policy.initialMs * policy.factor ** exponent));
}

export interface SupervisedChild {
  readonly name: string;
  /** The running process, or undefined while a restart is pending. */
  readonly pid: number | undefined;
  /** How many times it was restarted. */
  readonly restarts: number;
  /** Stops the child, or cancels a pending restart; it is not restarted again. */
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  name: string;
  /** The child already started (and found ready) by the caller. */
  first: ManagedChild;
  /** Starts a new instance, configured like the first. */
  restart: () => ManagedChild;
  /** Resolves once a restarted instance serves again (for the log line); optional. */
  ready?: (child: ManagedChild) => Promise<void>;
  backoff?: BackoffPolicy;
  logger: Logger;
  /** Injectable clock (tests). */
  now?: () => number;
}

/**
 * Keeps one child process running: when it exits on its own it is started again after a back-off
 * delay that grows with crashes in a row, and each crash and restart is logged. Only `stop()` ends it.
 */
export function supervise(options: SuperviseOptions): SupervisedChild {
  const policy = options.backoff ?? DEFAULT_BACKOFF;
  const now = options.now ?? Date.now;
  const logger = options.logger;
  let current: ManagedChild | undefined = options.first;
  let stopped = false;
  let restarts = 0;
  let crashesInARow = 0;
  const pendingRestart = new AbortController();

  const onExit = async (child: ManagedChild, startedAt: number, info: ExitInfo) => {
    if (stopped) return;
    current = undefined;
    const upMs = now() - startedAt;
    crashesInARow = upMs >= policy.resetAfterMs ? 1 : crashesInARow + 1;
    const delayMs = backoffDelay(policy, crashesInARow);
    logger.warn(
      {
        // Not `pid`: that is the logging process's own.
        childPid: child.pid,
        code: info.code,
        signal: info.signal,
        upSeconds: Math.round(upMs / 100) / 10,
        crashesInARow,
        restartInMs: delayMs,
      },
      `crashed; restarting in ${delayMs} ms`,
    );
    try {
      await sleep(delayMs, undefined, { signal: pendingRestart.signal });
    } catch {
      return;
    }
    if (stopped) return;
    restarts++;
    const next = options.restart();
    const restartedAt = now();
    current = next;
    watch(next, restartedAt);
    logger.info({ childPid: next.pid, restarts }, 'restarted');
    options.ready?.(next).then(
      () => logger.info({ childPid: next.pid, afterMs: now() - restartedAt }, 'serving again'),
      () => undefined,
    );
  };

  const watch = (child: ManagedChild, startedAt: number) => {
    void child.exited.then((info) => onExit(child, startedAt, info));
  };
  watch(options.first, now());

  return {
    name: options.name,
    get pid() {
      return current?.pid;
    },
    get restarts() {
      return restarts;
    },
    async stop() {
      stopped = true;
      pendingRestart.abort();
      await current?.stop();
    },
  };
}
