import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger } from '@videoforge/platform';
import type { ExitInfo, ManagedChild } from '../../src/child-process.ts';
import { DEFAULT_BACKOFF, backoffDelay, supervise } from '../../src/supervisor.ts';

interface FakeChild extends ManagedChild {
  crash(): void;
  stopped: boolean;
}

let nextPid = 1000;
function fakeChild(): FakeChild {
  let exit: (info: ExitInfo) => void = () => undefined;
  const exited = new Promise<ExitInfo>((resolve) => (exit = resolve));
  const child: FakeChild = {
    pid: nextPid++,
    exited,
    stopped: false,
    recentOutput: () => '',
    crash: () => exit({ code: null, signal: 'SIGKILL' }),
    stop: async () => {
      child.stopped = true;
      exit({ code: 0, signal: null });
    },
  };
  return child;
}

function logLines() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('test', 'debug', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { lines, logger };
}

async function until(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(5);
  }
}

const FAST = { initialMs: 20, factor: 2, maxMs: 60, resetAfterMs: 10_000 };

describe('backoffDelay', () => {
  it('doubles from 1 s per crash in a row and stops growing at 30 s', () => {
    const delays = [1, 2, 3, 4, 5, 6, 7, 20].map((n) => backoffDelay(DEFAULT_BACKOFF, n));
    expect(delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});

describe('supervise', () => {
  it('restarts a crashed child after a delay that grows with crashes in a row, and logs both', async () => {
    const spawned: FakeChild[] = [fakeChild()];
    const { lines, logger } = logLines();
    const supervised = supervise({
      name: 'api',
      first: spawned[0] as FakeChild,
      restart: () => {
        const child = fakeChild();
        spawned.push(child);
        return child;
      },
      backoff: FAST,
      logger,
    });

    for (let crash = 1; crash <= 4; crash++) {
      spawned.at(-1)?.crash();
      await until(() => spawned.length === crash + 1);
      expect(supervised.pid).toBe(spawned.at(-1)?.pid);
    }
    expect(supervised.restarts).toBe(4);
    const crashes = lines.filter((l) => String(l.msg).startsWith('crashed'));
    expect(crashes.map((l) => l.restartInMs)).toEqual([20, 40, 60, 60]);
    expect(crashes[0]).toMatchObject({
      signal: 'SIGKILL',
      childPid: spawned[0]?.pid,
      crashesInARow: 1,
    });
    expect(lines.filter((l) => l.msg === 'restarted').map((l) => l.childPid)).toEqual(
      spawned.slice(1).map((c) => c.pid),
    );
    await supervised.stop();
  });

  it('starts over at the first delay once a child stayed up long enough', async () => {
    let clock = 0;
    const spawned: FakeChild[] = [fakeChild()];
    const { lines, logger } = logLines();
    const supervised = supervise({
      name: 'transcoder',
      first: spawned[0] as FakeChild,
      restart: () => {
        const child = fakeChild();
        spawned.push(child);
        return child;
      },
      backoff: FAST,
      logger,
      now: () => clock,
    });
    spawned.at(-1)?.crash();
    await until(() => spawned.length === 2);
    spawned.at(-1)?.crash();
    await until(() => spawned.length === 3);
    clock += FAST.resetAfterMs;
    spawned.at(-1)?.crash();
    await until(() => spawned.length === 4);
    const delays = lines
      .filter((l) => String(l.msg).startsWith('crashed'))
      .map((l) => l.restartInMs);
    expect(delays).toEqual([20, 40, 20]);
    await supervised.stop();
  });

  it('stop() during the back-off cancels the restart at once', async () => {
    const spawned: FakeChild[] = [fakeChild()];
    const supervised = supervise({
      name: 'admin',
      first: spawned[0] as FakeChild,
      restart: () => {
        const child = fakeChild();
        spawned.push(child);
        return child;
      },
      backoff: { ...FAST, initialMs: 60_000 },
      logger: logLines().logger,
    });
    spawned[0]?.crash();
    await until(() => supervised.pid === undefined);
    const started = Date.now();
    await supervised.stop();
    expect(Date.now() - started).toBeLessThan(100);
    await sleep(50);
    expect(spawned).toHaveLength(1);
  });

  it('stop() ends the running child, which is then not restarted', async () => {
    const spawned: FakeChild[] = [fakeChild()];
    const supervised = supervise({
      name: 'api',
      first: spawned[0] as FakeChild,
      restart: () => {
        const child = fakeChild();
        spawned.push(child);
        return child;
      },
      backoff: FAST,
      logger: logLines().logger,
    });
    await supervised.stop();
    await sleep(FAST.initialMs * 3);
    expect(spawned[0]?.stopped).toBe(true);
    expect(spawned).toHaveLength(1);
  });
});
