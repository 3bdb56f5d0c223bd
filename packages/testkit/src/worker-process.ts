import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

export interface WorkerProcess {
  child: ChildProcess;
  /** Every JSON log line the worker has printed so far. */
  readonly logs: Array<Record<string, unknown>>;
  /** Resolves once the process has exited (after a kill, say). */
  exited: Promise<void>;
  kill(signal: NodeJS.Signals): Promise<void>;
}

/**
 * The transcoder as its own process, as it runs in a pod, so that a test can SIGKILL it for
 * real (an OOM kill, a lost Fargate task). `entry` is the worker's main module.
 */
export function startWorkerProcess(entry: string, env: Record<string, string>): WorkerProcess {
  const tsx = createRequire(import.meta.url).resolve('tsx');
  const child = spawn(process.execPath, ['--import', tsx, entry], {
    env: { ...env, PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const logs: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // not a log line
    }
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    logs,
    exited,
    kill: async (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
