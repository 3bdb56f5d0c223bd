import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadApiConfig, startApi, type RunningApi } from '@videoforge/api';
import { requireBinary } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { LogCapture, testLogger } from './helpers.ts';
import type { ErrorJson } from './support.ts';

/**
 * The API's own abuse cases on /api/auth/*: sign-up must not tell who has an account, and login
 * throttling must hold across replicas and key on the address the load balancer saw.
 *
 * The test plays the ALB: each request carries X-Forwarded-For ending in the client's address,
 * and the api instances trust one proxy hop (TRUSTED_PROXY_HOPS=1), as they do behind the ALB.
 */

const LIMIT = 5;
const PASSWORD = 'Passw0rd!-long';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
let addresses = 0;

/** A client address of its own for each test, so no test spends another's attempts. */
const nextClient = () => `203.0.113.${++addresses}`;

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers: Headers;
}

async function post(
  api: RunningApi,
  path: string,
  body: unknown,
  forwardedFor: string,
): Promise<Reply> {
  const response = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    headers: response.headers,
  };
}

const wrongLogin = (api: RunningApi, forwardedFor: string) =>
  post(api, '/api/auth/login', { email: 'victim@example.com', password: 'guess' }, forwardedFor);

describe('the API against abuse of its auth routes', () => {
  let pipeline: Pipeline;
  let replicaA: RunningApi;
  let replicaB: RunningApi;
  const extraApis: RunningApi[] = [];

  /** Another api process on the same stack, configured as `npm start` and the cluster would. */
  async function startReplica(env: Record<string, string>, logger = testLogger()) {
    const api = await startApi(
      loadApiConfig({ ...pipeline.stack.env, PORT: '0', HOST: '127.0.0.1', ...env }),
      logger,
    );
    extraApis.push(api);
    return api;
  }

  beforeAll(async () => {
    // The shared counter lives in memcached: without it this suite has nothing to show.
    requireBinary('memcached');
    const behindAlb = { RATE_LIMIT_AUTH_PER_MINUTE: String(LIMIT), TRUSTED_PROXY_HOPS: '1' };
    pipeline = await startPipeline({ transcoder: false, apiEnv: behindAlb });
    expect(pipeline.stack.env.MEMCACHED_SERVERS).toBeTruthy();
    replicaA = pipeline.api;
    replicaB = await startReplica(behindAlb);
  });
  afterAll(async () => {
    await Promise.allSettled(extraApis.map((api) => api.close()));
    await pipeline?.stop();
  });

  it('answers sign-up for a taken address exactly as for a new one, revealing nothing', async () => {
    const client = nextClient();
    const email = `taken-${Date.now()}@example.com`;
    const first = await post(replicaA, '/api/auth/signup', { email, password: PASSWORD }, client);
    const again = await post(
      replicaA,
      '/api/auth/signup',
      { email, password: 'Other-Passw0rd!' },
      client,
    );
    const fresh = await post(
      replicaA,
      '/api/auth/signup',
      { email: `new-${Date.now()}@example.com`, password: PASSWORD },
      client,
    );
    expect([first.status, again.status, fresh.status]).toEqual([201, 201, 201]);
    expect(Object.keys(again.body).sort()).toEqual(Object.keys(fresh.body).sort());
    expect(again.body.confirmed).toBe(fresh.body.confirmed);
    expect(again.body.userId).toMatch(UUID);
    expect(again.body.userId).not.toBe(first.body.userId);

    // The account is untouched: its owner logs in, the second sign-up's password does not.
    const owner = await post(replicaA, '/api/auth/login', { email, password: PASSWORD }, client);
    expect(owner.status).toBe(200);
    const intruder = await post(
      replicaA,
      '/api/auth/login',
      { email, password: 'Other-Passw0rd!' },
      client,
    );
    expect(intruder.status).toBe(401);
  });

  it('enforces one login limit across two replicas that share memcached', async () => {
    const client = nextClient();
    const statuses: number[] = [];
    let limited: Reply | undefined;
    for (let attempt = 0; attempt < LIMIT + 2; attempt++) {
      const reply = await wrongLogin(attempt % 2 === 0 ? replicaA : replicaB, client);
      statuses.push(reply.status);
      if (reply.status === 429) limited = reply;
    }
    // Each replica saw at most 4 attempts: counted per process, none would have said 429.
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429, 429]);
    expect((limited?.body as unknown as ErrorJson).error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(limited?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it('keys on the address the load balancer appended: a spoofed X-Forwarded-For opens no fresh bucket', async () => {
    const client = nextClient();
    const statuses: number[] = [];
    for (let attempt = 0; attempt <= LIMIT; attempt++) {
      const spoofed = `10.0.${attempt}.1, 198.51.100.${attempt}, ${client}`;
      statuses.push((await wrongLogin(replicaA, spoofed)).status);
    }
    expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429]);
    // Another client behind the same load balancer is not affected.
    expect((await wrongLogin(replicaB, nextClient())).status).toBe(401);
  });

  it('trusts no X-Forwarded-For at all when no proxy hop is configured (the default)', async () => {
    const direct = await startReplica({ RATE_LIMIT_AUTH_PER_MINUTE: '3' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      statuses.push((await wrongLogin(direct, `${nextClient()}`)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('counts in-process, and says so, when memcached does not answer: limited, never locked out', async () => {
    const logs = new LogCapture();
    const unreachable = await startReplica(
      {
        RATE_LIMIT_AUTH_PER_MINUTE: '3',
        TRUSTED_PROXY_HOPS: '1',
        MEMCACHED_SERVERS: '127.0.0.1:9',
      },
      logs.logger,
    );
    const client = nextClient();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++)
      statuses.push((await wrongLogin(unreachable, client)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect((await wrongLogin(unreachable, nextClient())).status).toBe(401);
    await logs.waitFor(
      (line) => line.level === 40 && /login throttling counts per process/.test(String(line.msg)),
    );
  });
});
