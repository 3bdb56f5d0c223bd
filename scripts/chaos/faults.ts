import { setTimeout as sleep } from 'node:timers/promises';
import type { LocalPlatform } from '@videoforge/local/platform';
import type { Logger } from '@videoforge/platform';
import type { ChaosOptions } from './options.ts';
import type { KillRecord } from './report.ts';
import type { WorkerRecords } from './worker-records.ts';

export interface FaultContext {
  platform: LocalPlatform;
  records: WorkerRecords;
  options: ChaosOptions;
  logger: Logger;
  say: (line: string) => void;
  /** Ends the faults. */
  stop: AbortSignal;
}

/**
 * Every `killEverySeconds`, SIGKILLs a random live worker's whole process group (node and its
 * ffmpeg), as an OOM kill or a lost Fargate task does; the supervisor starts it again.
 */
export async function killWorkers(context: FaultContext, kills: KillRecord[]): Promise<void> {
  const { platform, records, options, logger, say, stop } = context;
  const workers = platform.services.children.filter((c) => c.name.startsWith('transcoder'));
  while (await pause(options.killEverySeconds, stop)) {
    const alive = workers.filter((w) => w.pid !== undefined);
    const busy = alive.filter((w) => records.runningOn(w.pid as number).length > 0);
    const pool = options.preferBusy && busy.length > 0 ? busy : alive;
    const victim = pool[Math.floor(Math.random() * pool.length)];
    const pid = victim?.pid;
    if (victim === undefined || pid === undefined) continue;
    const jobs = records.runningOn(pid);
    try {
      // Each worker leads its own process group (spawned detached): this reaches its ffmpeg too.
      process.kill(-pid, 'SIGKILL');
    } catch {
      continue;
    }
    records.forget(pid);
    kills.push({ at: Date.now(), worker: victim.name, pid, jobs });
    logger.warn({ worker: victim.name, childPid: pid, jobs }, 'chaos: SIGKILL');
    const what = jobs.length > 0 ? `mid-job: ${jobs.map((j) => j.quality).join(', ')}` : 'idle';
    say(`SIGKILL ${victim.name} (pid ${pid}), ${what}`);
  }
}

/** Once, `restartAtSeconds` in: the S3/SQS emulator dies and comes back on its port. */
export async function restartEmulatorOnce(context: FaultContext): Promise<void> {
  const { platform, options, say, stop } = context;
  if (!(await pause(options.restartAtSeconds, stop))) return;
  say(`restarting the S3/SQS emulator (down ${options.downSeconds} s)`);
  await platform.stack.restartAwsEmulator(options.downSeconds * 1000);
  say('S3/SQS emulator back');
}

/** False when `stop` ended the pause. */
async function pause(seconds: number, stop: AbortSignal): Promise<boolean> {
  try {
    await sleep(seconds * 1000, undefined, { signal: stop });
    return true;
  } catch {
    return false;
  }
}
