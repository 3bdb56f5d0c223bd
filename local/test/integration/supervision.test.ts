import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir, removeDir } from './helpers.ts';

type Line = Record<string, unknown>;

const fixture = fileURLToPath(new URL('./fixtures/platform-process.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Binding a port ourselves is the proof that nothing holds it any more. */
function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The orchestrator's JSON log lines, and a way to wait for one. */
class Orchestrator {
  readonly lines: Line[] = [];
  readonly exited: Promise<number | null>;
  readonly #child: ChildProcessByStdio<null, Readable, null>;

  constructor(args: unknown) {
    this.#child = spawn(process.execPath, ['--import', tsx, fixture, JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    createInterface({ input: this.#child.stdout }).on('line', (line) => {
      try {
        this.lines.push(JSON.parse(line) as Line);
      } catch {
        // not a log line
      }
    });
    this.exited = new Promise((resolve) => this.#child.once('exit', (code) => resolve(code)));
  }

  signal(signal: NodeJS.Signals): void {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill(signal);
  }

  async waitFor(match: (line: Line) => boolean, what: string, timeoutMs = 30_000): Promise<Line> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      const fatal = this.lines.find((l) => l.msg === 'platform failed to start');
      if (fatal || Date.now() > deadline) {
        const tail = this.lines.slice(-15).map((l) => JSON.stringify(l));
        throw new Error(
          `no log line "${what}" within ${timeoutMs} ms; last lines:\n${tail.join('\n')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Every pid it ever reported for its services, for clean-up after a failure. */
  servicePids(): number[] {
    return this.lines.flatMap((line) => {
      if (line.msg === 'platform ready') return Object.values(line.pids as Record<string, number>);
      return line.msg === 'restarted' && typeof line.childPid === 'number' ? [line.childPid] : [];
    });
  }
}

const of = (component: string, msg: string | RegExp) => (line: Line) =>
  line.component === component &&
  (typeof msg === 'string' ? line.msg === msg : msg.test(String(line.msg)));

describe('npm start supervises its services like a cluster', () => {
  const dirs: string[] = [];
  let orchestrator: Orchestrator | undefined;

  afterAll(async () => {
    if (orchestrator) {
      orchestrator.signal('SIGINT');
      const code = await Promise.race([
        orchestrator.exited,
        new Promise((resolve) => setTimeout(() => resolve('hung'), 15_000)),
      ]);
      if (code === 'hung') orchestrator.signal('SIGKILL');
      for (const pid of orchestrator.servicePids()) {
        if (isAlive(pid)) process.kill(pid, 'SIGKILL');
      }
    }
    await Promise.all(dirs.map(removeDir));
  });

  it('restarts a SIGKILLed api and worker with back-off, leaves the rest alone, and Ctrl-C during a back-off frees every port', async () => {
    const dir = await makeTempDir();
    dirs.push(dir);
    const stackPorts = {
      aws: await freePort(),
      dynamodb: await freePort(),
      cognito: await freePort(),
      memcached: await freePort(),
      redis: await freePort(),
    };
    const servicePorts = {
      api: await freePort(),
      admin: await freePort(),
      transcoders: [await freePort(), await freePort()],
      events: await freePort(),
    };
    orchestrator = new Orchestrator({
      dataDir: path.join(dir, 'stack'),
      scratchDir: path.join(dir, 'scratch'),
      stackPorts,
      servicePorts,
    });
    const ready = await orchestrator.waitFor((l) => l.msg === 'platform ready', 'ready', 90_000);
    const pids = ready.pids as Record<string, number>;
    expect(Object.keys(pids)).toEqual(['api', 'admin', 'transcoder-1', 'transcoder-2', 'events']);

    // An OOM kill of the api and of one worker.
    process.kill(pids.api as number, 'SIGKILL');
    process.kill(pids['transcoder-1'] as number, 'SIGKILL');
    const crash = await orchestrator.waitFor(of('api', /^crashed; restarting in/), 'api crashed');
    expect(crash).toMatchObject({ childPid: pids.api, signal: 'SIGKILL', restartInMs: 1_000 });
    const api = await orchestrator.waitFor(of('api', 'restarted'), 'api restarted');
    const worker = await orchestrator.waitFor(of('transcoder-1', 'restarted'), 'worker restarted');
    expect(api.childPid).not.toBe(pids.api);
    expect(worker.childPid).not.toBe(pids['transcoder-1']);
    await orchestrator.waitFor(of('api', 'serving again'), 'api serving');
    await orchestrator.waitFor(of('transcoder-1', 'serving again'), 'worker serving');
    const healthz = await fetch(`http://127.0.0.1:${servicePorts.api}/healthz`);
    expect(healthz.status).toBe(200);
    const workerHealth = await fetch(`http://127.0.0.1:${servicePorts.transcoders[0]}/healthz`);
    expect(workerHealth.status).toBe(200);

    // The others never noticed.
    for (const name of ['admin', 'transcoder-2', 'events']) {
      expect(isAlive(pids[name] as number)).toBe(true);
      expect(orchestrator.lines.filter(of(name, 'restarted'))).toEqual([]);
    }

    // A second crash in a row waits twice as long; Ctrl-C meanwhile still stops everything.
    process.kill(api.childPid as number, 'SIGKILL');
    await orchestrator.waitFor(of('api', 'crashed; restarting in 2000 ms'), 'second api crash');
    const interruptedAt = Date.now();
    orchestrator.signal('SIGINT');
    expect(await orchestrator.exited).toBe(0);
    expect(Date.now() - interruptedAt).toBeLessThan(10_000);
    expect(orchestrator.lines.filter(of('api', 'restarted'))).toHaveLength(1);
    const ports = [
      ...Object.values(stackPorts),
      servicePorts.api,
      servicePorts.admin,
      ...servicePorts.transcoders,
      servicePorts.events,
    ];
    for (const port of ports) expect(await canBind(port), `port ${port}`).toBe(true);
    for (const pid of orchestrator.servicePids()) expect(isAlive(pid), `pid ${pid}`).toBe(false);
  });
});
