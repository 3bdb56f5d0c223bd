import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, createMetricsRegistry, parseEnv } from '@videoforge/platform';
import { createServiceApp, httpEnvShape, toHttpSettings } from '../../src/index.ts';

const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((s) => new Promise((resolve) => s.close(() => resolve(undefined)))),
  );
});

/** A service app that answers each request with the client address it settled on. */
async function appWithHops(hops: string | undefined): Promise<string> {
  const http = toHttpSettings(
    parseEnv('test', httpEnvShape, hops === undefined ? {} : { TRUSTED_PROXY_HOPS: hops }),
  );
  const app = createServiceApp(
    {
      logger: createLogger('test', 'silent'),
      registry: createMetricsRegistry('test'),
      http,
      readiness: [],
    },
    (routes) => routes.get('/ip', (req, res) => void res.json({ ip: req.ip })),
  );
  const server = app.listen(0, '127.0.0.1');
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ip`;
}

async function ipSeen(url: string, forwardedFor?: string): Promise<string> {
  const headers: Record<string, string> = forwardedFor ? { 'x-forwarded-for': forwardedFor } : {};
  const body = (await (await fetch(url, { headers })).json()) as { ip: string };
  return body.ip;
}

describe('the client address (trust proxy from TRUSTED_PROXY_HOPS)', () => {
  it('ignores X-Forwarded-For by default: no proxy is trusted', async () => {
    const url = await appWithHops(undefined);
    expect(await ipSeen(url, '203.0.113.7')).toBe('127.0.0.1');
  });

  it('behind one proxy (the ALB), takes the entry it appended, not the ones the client sent', async () => {
    const url = await appWithHops('1');
    expect(await ipSeen(url, '203.0.113.7')).toBe('203.0.113.7');
    expect(await ipSeen(url, '10.9.9.9, 198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
  });

  it('trusts exactly as many hops as configured', async () => {
    const url = await appWithHops('2');
    expect(await ipSeen(url, '10.9.9.9, 198.51.100.1, 203.0.113.7')).toBe('198.51.100.1');
  });

  it('refuses a hop count that is not a small whole number, naming the variable', () => {
    for (const bad of ['-1', 'true', '1.5', '11'])
      expect(() => parseEnv('test', httpEnvShape, { TRUSTED_PROXY_HOPS: bad })).toThrow(
        /TRUSTED_PROXY_HOPS/,
      );
  });
});
