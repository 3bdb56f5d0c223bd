import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createRequire } from 'node:module';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@videoforge/testkit';
import type { LocalStack } from '../../src/index.ts';
import { httpOk, waitUntil } from '../../src/net.ts';
import { makeTempDir, removeDir, startTestStack } from './helpers.ts';

const apiEntry = fileURLToPath(new URL('../../../services/api/src/main.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx');
const DRAIN_MS = 2_000;

interface Outcome {
  sentAt: number;
  at: number;
  status?: number;
  connection?: string;
  /** The socket error's code (ECONNREFUSED, ECONNRESET, …) when there was no answer. */
  error?: string;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function send(
  port: number,
  options: { path: string; agent: http.Agent | false; headers?: http.OutgoingHttpHeaders },
): Promise<Outcome> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const failed = (error: NodeJS.ErrnoException) =>
      resolve({ sentAt, at: Date.now(), error: error.code ?? error.message });
    const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
      res.resume();
      res.on('error', failed);
      res.on('end', () =>
        resolve({
          sentAt,
          at: Date.now(),
          status: res.statusCode,
          connection: res.headers.connection,
        }),
      );
    });
    req.on('error', failed);
    req.end();
  });
}

/** A request whose body arrives in two halves, `gapMs` apart: in flight for that long. */
function sendSlowly(port: number, token: string, body: string, gapMs: number): Promise<Outcome> {
  const sentAt = Date.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/videos',
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            sentAt,
            at: Date.now(),
            status: res.statusCode,
            connection: res.headers.connection,
          }),
        );
      },
    );
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve({ sentAt, at: Date.now(), error: error.code ?? error.message }),
    );
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    setTimeout(() => req.end(body.slice(half)), gapMs);
  });
}

describe('api shutdown under load (SIGTERM, as a rollout or scale-in sends it)', () => {
  let dataDir: string;
  let stack: LocalStack;
  let api: ChildProcess | undefined;

  beforeAll(async () => {
    dataDir = await makeTempDir();
    stack = await startTestStack(dataDir);
  });
  afterAll(async () => {
    api?.kill('SIGKILL');
    await stack?.stop();
    await removeDir(dataDir);
  });

  it('fails readiness, keeps answering while the load balancer deregisters it, finishes what is in flight, and fails no request', async () => {
    const port = await freePort();
    api = spawn(process.execPath, ['--import', tsx, apiEntry], {
      env: {
        ...process.env,
        ...stack.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        SHUTDOWN_DRAIN_SECONDS: String(DRAIN_MS / 1000),
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      api?.once('exit', (code) => resolve({ code, at: Date.now() })),
    );
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(() => httpOk(`${base}/readyz`), { timeoutMs: 60_000, description: 'api' });
    const client = new ApiClient(base);
    const { accessToken } = await client.signUpAndLogin(
      `drain-${Date.now()}@example.com`,
      'Drain-Passw0rd!',
    );

    // A load balancer in front: eight keep-alive clients sending their next request as soon as the
    // last is answered, and a health check every 250 ms that takes the target out of rotation
    // after two failed checks (an ALB deregisters a target that fails or is terminating; a
    // listening socket closed under a storm of new connections resets those in its accept queue,
    // which is why the drain exists).
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const outcomes: Outcome[] = [];
    const checks: Outcome[] = [];
    let inRotation = true;
    const healthCheck = async () => {
      for (let failedInARow = 0; failedInARow < 2;) {
        const check = await send(port, { path: '/readyz', agent: false });
        checks.push(check);
        failedInARow = check.status === 200 ? 0 : failedInARow + 1;
        await sleep(250);
      }
      inRotation = false;
    };
    const loop = async (i: number) => {
      for (let n = 0; inRotation; n++) {
        outcomes.push(
          await send(port, {
            agent,
            ...((i + n) % 4 === 0
              ? { path: '/api/videos?limit=5', headers: { authorization: `Bearer ${accessToken}` } }
              : { path: '/healthz' }),
          }),
        );
      }
    };
    const checking = healthCheck();
    const loops = Array.from({ length: 8 }, (_, i) => loop(i));
    await sleep(700);

    const signalledAt = Date.now();
    api.kill('SIGTERM');
    await sleep(200);
    // Sent while the target is still in rotation, its body completes after the drain is over.
    const slow = sendSlowly(
      port,
      accessToken,
      JSON.stringify({
        title: 'in flight at shutdown',
        filename: 'clip.mp4',
        contentType: 'video/mp4',
        sizeBytes: 1000,
      }),
      DRAIN_MS + 300,
    );
    await checking;
    const deregisteredAt = Date.now();
    await Promise.all(loops);
    const exit = await exited;
    const afterExit = await send(port, { path: '/healthz', agent: false });
    agent.destroy();

    expect(exit.code).toBe(0);
    expect(exit.at - signalledAt).toBeGreaterThanOrEqual(DRAIN_MS + 400);
    expect(exit.at - signalledAt).toBeLessThan(DRAIN_MS + 5_000);
    expect(deregisteredAt - signalledAt).toBeLessThan(DRAIN_MS);
    // A check already on its way when the signal lands may see 200 or 503; every later one sees 503,
    // and two of them in a row took the target out of rotation.
    const failedChecks = checks.filter((c) => c.status === 503);
    expect(failedChecks.length).toBe(2);
    for (const check of failedChecks) {
      expect(check).toMatchObject({ status: 503, connection: 'close' });
      expect(check.at).toBeGreaterThan(signalledAt);
    }
    for (const check of checks.filter((c) => c.sentAt > signalledAt)) {
      expect(check.status).toBe(503);
    }
    expect(await slow).toMatchObject({ status: 201, connection: 'close' });

    // Not one request failed: no reset connection, no 5xx (the 503s of /readyz are the point).
    const failed = [
      ...outcomes.filter((o) => o.error !== undefined || (o.status ?? 0) >= 500),
      ...checks.filter((c) => c.error !== undefined),
    ];
    expect(failed).toEqual([]);
    const duringDrain = outcomes.filter((o) => o.sentAt > signalledAt + 50);
    expect(duringDrain.length).toBeGreaterThan(10);
    expect(duringDrain.every((o) => o.status === 200 && o.connection === 'close')).toBe(true);
    // After the drain, a new connection meets a closed port: refused, not reset.
    expect(afterExit.error).toBe('ECONNREFUSED');
  });
});
