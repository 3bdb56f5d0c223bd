import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { stripVTControlCharacters } from 'node:util';
import type { Logger } from '@videoforge/platform';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** pino's numeric levels (trace 10 … fatal 60) as ours. */
export const PINO_LEVELS: Readonly<Record<number, LogLevel>> = {
  10: 'debug',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'error',
};

export interface LogLine {
  level: LogLevel;
  msg: string;
}

export interface ChildOptions {
  command: string;
  args: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  logger: Logger;
  /** Turns one stdout line into a log entry; stderr lines are logged as warnings. */
  parseLine?: (line: string) => LogLine;
  /** Sees every stdout line as printed, with the pid that printed it (a script reading a service's own records). */
  onStdoutLine?: (line: string, pid: number | undefined) => void;
  /** Sent by stop(); SIGKILL follows if the child is still there after a grace period. Default SIGTERM. */
  stopSignal?: NodeJS.Signals;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  error?: Error;
}

export interface ManagedChild {
  readonly pid: number | undefined;
  /** Settles (never rejects) when the process has exited or failed to spawn. */
  readonly exited: Promise<ExitInfo>;
  /** The last lines it printed, for error messages. */
  recentOutput(): string;
  stop(): Promise<void>;
}

const RECENT_LINES = 20;
const STOP_GRACE_MS = 3_000;

export function spawnChild(options: ChildOptions): ManagedChild {
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C then reaches only the orchestrator, which stops children in
    // order through stop() instead of every child dying at once (and being reported as a crash).
    detached: true,
  });
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > RECENT_LINES) recent.shift();
  };
  pipeLines(child, 'stdout', (line) => {
    remember(line);
    options.onStdoutLine?.(line, child.pid);
    const entry = options.parseLine?.(line) ?? { level: 'info', msg: line };
    options.logger[entry.level](entry.msg);
  });
  pipeLines(child, 'stderr', (line) => {
    remember(line);
    options.logger.warn(line);
  });

  let stopping = false;
  const exited = waitForExit(child);
  void exited.then((info) => {
    if (!stopping) options.logger.error({ ...info, err: info.error }, 'exited unexpectedly');
  });

  return {
    pid: child.pid,
    exited,
    recentOutput: () => recent.join('\n'),
    async stop() {
      stopping = true;
      await terminate(child, exited, options.stopSignal ?? 'SIGTERM');
    },
  };
}

function pipeLines(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  onLine: (line: string) => void,
): void {
  const input = child[stream];
  if (!input) return;
  createInterface({ input, crlfDelay: Infinity }).on('line', (raw) => {
    const line = stripVTControlCharacters(raw).trimEnd();
    if (line) onLine(line);
  });
}

function waitForExit(child: ChildProcess): Promise<ExitInfo> {
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
  });
}

function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null || child.pid === undefined;
}

async function terminate(
  child: ChildProcess,
  exited: Promise<ExitInfo>,
  signal: NodeJS.Signals,
): Promise<void> {
  if (hasExited(child)) return;
  child.kill(signal);
  const timer = new AbortController();
  const graceOver = sleep(STOP_GRACE_MS, 'timeout' as const, { signal: timer.signal }).catch(
    () => 'cancelled' as const,
  );
  const outcome = await Promise.race([exited, graceOver]);
  timer.abort();
  if (outcome === 'timeout' && !hasExited(child)) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Polls `ready` until it holds; fails fast, with the child's last output, when the child dies first. */
export async function waitForChild(
  name: string,
  child: ManagedChild,
  ready: Promise<void>,
): Promise<void> {
  const died = child.exited.then((info) => {
    const how =
      info.error?.message ?? `code ${info.code ?? 'none'}, signal ${info.signal ?? 'none'}`;
    throw new Error(`${name} exited before it was ready (${how})\n${child.recentOutput()}`);
  });
  await Promise.race([ready, died]);
}
