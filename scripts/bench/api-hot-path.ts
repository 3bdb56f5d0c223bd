/**
 * Cached `GET /api/videos/:id` on the api as `npm start` runs it (its own process from its own
 * main.ts, LOG_LEVEL info, stdout read by the parent) against a bare Express 5 route answering the
 * same JSON, both under autocannon in the same run. Alone: `tsx scripts/bench/api-hot-path.ts`.
 * API_BENCH_CPU_PROF=<dir> writes the api's .cpuprofile there (written when it stops).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startLocalStack, type LocalStack } from '@videoforge/local';
import { createLogger } from '@videoforge/platform';
import { ApiClient } from '@videoforge/testkit';
import type { ManagedChild } from '@videoforge/local/child-process';
import { choosePort, httpOk, waitUntil } from '@videoforge/local/net';
import { serviceEntry, spawnService } from '@videoforge/local/services';
import type { BenchRow } from './stats.ts';

const CONNECTIONS = 50;
const DURATION_SECONDS = Number(process.env.API_BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.API_BENCH_ROUNDS ?? 2);
const WARM_UP_SECONDS = 3;
/** Below what the api answers at full speed on a 2-core machine (about 3,000 req/s). */
const FIXED_RATE = 1500;
const GOAL_RATIO = 0.4;
const GOAL_P99_MS = 10;
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

export interface LoadOptions {
  headers?: Record<string, string>;
  durationSeconds?: number;
  /** Requests per second over all connections; unset: as fast as the server answers. */
  overallRate?: number;
}

export function runLoad(url: string, options: LoadOptions = {}): Promise<LoadResult> {
  const { headers = {}, durationSeconds = DURATION_SECONDS, overallRate } = options;
  return new Promise((resolve, reject) => {
    autocannon(
      // Its own thread: this process also hosts the emulators and reads the api's log lines.
      {
        url,
        connections: CONNECTIONS,
        duration: durationSeconds,
        headers,
        workers: 1,
        ...(overallRate !== undefined && { overallRate }),
      },
      (error, result) => {
        if (error) return reject(error);
        resolve({
          requestsPerSecond: result.requests.average,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
        });
      },
    );
  });
}

export interface BenchApi {
  stack: LocalStack;
  url: string;
  stop(): Promise<void>;
}

/**
 * The emulators in this process and the api as `npm start` starts it (its own process from its own
 * main.ts, LOG_LEVEL info), on free ports. `env` adds or overrides the api's variables.
 */
export async function startBenchApi(
  env: Record<string, string> = {},
  onStdoutLine?: (line: string) => void,
): Promise<BenchApi> {
  const dir = await mkdtemp(join(tmpdir(), 'videoforge-api-bench-'));
  const logger = createLogger('bench', 'warn');
  const stack = await startLocalStack({
    dataDir: dir,
    ports: { aws: 0, dynamodb: 0, cognito: 0, memcached: 0, redis: 0 },
    adminPassword: 'Bench-Admin-Pass-1',
    redis: false,
    logger,
  });
  let child: ManagedChild | undefined;
  try {
    const port = await choosePort(0, 'api');
    const profileDir = process.env.API_BENCH_CPU_PROF;
    child = spawnService(
      {
        name: 'api',
        entry: serviceEntry('services/api/src/main.ts'),
        env: {
          ...stack.env,
          LOG_LEVEL: 'info',
          PORT: String(port),
          HOST: '127.0.0.1',
          SHUTDOWN_DRAIN_SECONDS: '0',
          ...(profileDir && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` }),
          ...env,
        },
        onStdoutLine,
      },
      // The parent reads and parses every line as `npm start` does, without printing them.
      logger,
    );
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(() => httpOk(`${url}/readyz`), {
      timeoutMs: 60_000,
      intervalMs: 200,
      description: `${url}/readyz`,
    });
    const running = child;
    return {
      stack,
      url,
      stop: async () => {
        await running.stop();
        await stack.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await child?.stop();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/** A bare Express 5 app in its own process answering `body` as JSON on every GET. */
async function startBareExpress(body: unknown): Promise<{ url: string; child: ChildProcess }> {
  const port = await choosePort(0, 'bare express');
  const script = `import express from 'express';
const body = JSON.parse(process.env.BARE_BODY);
const app = express();
app.get('/api/videos/:id', (_req, res) => { res.json(body); });
app.listen(Number(process.env.BARE_PORT), '127.0.0.1');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { ...process.env, BARE_BODY: JSON.stringify(body), BARE_PORT: String(port) },
    stdio: 'inherit',
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(() => httpOk(`${url}/api/videos/x`), {
    timeoutMs: 10_000,
    intervalMs: 100,
    description: 'bare express',
  });
  return { url, child };
}

/** A signed-in user with one video (PENDING_UPLOAD: its view needs no presigning or queue look-up). */
async function seedVideo(
  apiUrl: string,
): Promise<{ token: string; videoId: string; body: unknown }> {
  const client = new ApiClient(apiUrl);
  const { accessToken } = await client.signUpAndLogin(
    `bench-${Date.now()}@example.com`,
    'Bench-Passw0rd!',
  );
  const { video } = await client.createVideo({
    title: 'hot path',
    filename: 'clip.mp4',
    contentType: 'video/mp4',
    sizeBytes: 1_000_000,
  });
  // The first read fills memcached; every measured one is then a cache hit.
  const body = await client.expect(200, 'GET', `/api/videos/${video.videoId}`);
  return { token: accessToken, videoId: video.videoId, body };
}

const fmt = (r: LoadResult) =>
  `${Math.round(r.requestsPerSecond).toLocaleString('en-US')} req/s, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms`;

function checkClean(what: string, r: LoadResult): void {
  if (r.non2xx > 0 || r.errors > 0)
    throw new Error(`${what}: ${r.non2xx} non-2xx answers and ${r.errors} errors under load`);
}

export async function benchApiHotPath(): Promise<BenchRow[]> {
  const api = await startBenchApi();
  let bare: { url: string; child: ChildProcess } | undefined;
  try {
    const { token, videoId, body } = await seedVideo(api.url);
    bare = await startBareExpress(body);
    const bareUrl = bare.url;
    const rows: BenchRow[] = [];
    const loadBare = (options?: LoadOptions) =>
      runLoad(`${bareUrl}/api/videos/${videoId}`, options);
    const loadApi = (options?: LoadOptions) =>
      runLoad(`${api.url}/api/videos/${videoId}`, {
        ...options,
        headers: { authorization: `Bearer ${token}` },
      });
    // Both servers are warmed up first (not counted): the rounds compare compiled code.
    await loadBare({ durationSeconds: WARM_UP_SECONDS });
    await loadApi({ durationSeconds: WARM_UP_SECONDS });
    for (let round = 1; round <= ROUNDS; round++) {
      const express = await loadBare();
      const hot = await loadApi();
      checkClean('bare express', express);
      checkClean('api', hot);
      const ratio = hot.requestsPerSecond / express.requestsPerSecond;
      console.log(`[api-hot-path] round ${round}: api ${fmt(hot)}; bare Express ${fmt(express)}`);
      rows.push({
        measure: `API hot path: cached GET /api/videos/:id, round ${round}`,
        result: `${(ratio * 100).toFixed(0)} % of bare Express; p99 ${hot.p99Ms} ms`,
        goal: `>= ${GOAL_RATIO * 100} %, p99 < ${GOAL_P99_MS} ms`,
        detail: `api ${fmt(hot)}; bare Express 5 ${fmt(express)}; ${CONNECTIONS} connections x ${DURATION_SECONDS} s`,
      });
    }
    rows.push(await fixedRateRow(loadBare, loadApi));
    return rows;
  } finally {
    bare?.child.kill('SIGTERM');
    await api.stop();
  }
}

/**
 * At full speed, 50 connections wait in line: p99 is then mostly queueing (Little's law: mean
 * latency = connections / req/s), and it says how fast the server is rather than how long one
 * request takes. At one fixed rate both servers sustain, p99 is the time a request itself costs.
 */
async function fixedRateRow(
  loadBare: (options?: LoadOptions) => Promise<LoadResult>,
  loadApi: (options?: LoadOptions) => Promise<LoadResult>,
): Promise<BenchRow> {
  const express = await loadBare({ overallRate: FIXED_RATE });
  const hot = await loadApi({ overallRate: FIXED_RATE });
  checkClean('bare express', express);
  checkClean('api', hot);
  return {
    measure: `API hot path at a fixed ${FIXED_RATE.toLocaleString('en-US')} req/s (both below capacity)`,
    result: `p99 ${hot.p99Ms} ms (bare Express ${express.p99Ms} ms)`,
    goal: `p99 < ${GOAL_P99_MS} ms`,
    detail: `api ${fmt(hot)}; bare Express 5 ${fmt(express)}; ${CONNECTIONS} connections x ${DURATION_SECONDS} s`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { printTable } = await import('./stats.ts');
  printTable('API hot path', await benchApiHotPath());
  process.exit(0);
}
