import http from 'node:http';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { Draining, healthRoutes, listen, type Listening } from '../../src/index.ts';
import { createMetricsRegistry } from '@videoforge/platform';

const servers: Listening[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** An app with health routes and a route that answers after `?ms=`. */
async function start(draining: Draining): Promise<Listening> {
  const app = express();
  app.use(healthRoutes(createMetricsRegistry('test'), [], draining));
  app.get('/slow', (req, res) => {
    setTimeout(() => res.json({ ok: true }), Number(req.query.ms ?? 0));
  });
  const listening = await listen(app, { port: 0, host: '127.0.0.1', draining });
  servers.push(listening);
  return listening;
}

interface Answer {
  status: number;
  connection: string | undefined;
}

function get(url: string, agent: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent }, (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }),
        );
      })
      .on('error', reject);
  });
}

describe('draining', () => {
  it('fails readiness, keeps answering with Connection: close, and finishes a request in flight', async () => {
    const draining = new Draining();
    const server = await start(draining);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    expect(await get(`${server.url}/readyz`, agent)).toEqual({
      status: 200,
      connection: 'keep-alive',
    });

    // Started before draining, answered after: its response still asks for the connection to close.
    const inFlight = get(`${server.url}/slow?ms=300`, new http.Agent({ keepAlive: true }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = server.drainAndClose(0.2);

    expect(await get(`${server.url}/readyz`, agent)).toEqual({ status: 503, connection: 'close' });
    expect(await get(`${server.url}/healthz`, agent)).toEqual({ status: 200, connection: 'close' });
    await closing;
    expect(await inFlight).toEqual({ status: 200, connection: 'close' });
    await expect(get(`${server.url}/healthz`, agent)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    agent.destroy();
  });

  it('closes idle keep-alive connections at once instead of waiting for their timeout', async () => {
    const server = await start(new Draining());
    const agent = new http.Agent({ keepAlive: true });
    await get(`${server.url}/healthz`, agent);
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    agent.destroy();
  });
});
