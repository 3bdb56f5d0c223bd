import { afterEach, describe, expect, it } from 'vitest';
import express from 'express';
import helmet from 'helmet';
import { listen, type Listening } from '../../src/listen.ts';
import { securityHeaders } from '../../src/security-headers.ts';

let servers: Listening[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** The response headers of GET / on an app with `middleware` in front of a plain route. */
async function headersWith(middleware: express.RequestHandler): Promise<Record<string, string>> {
  const app = express();
  app.use(middleware);
  app.get('/', (_req, res) => void res.json({ ok: true }));
  const server = await listen(app, { port: 0, host: '127.0.0.1' });
  servers.push(server);
  const response = await fetch(server.url);
  const headers = Object.fromEntries(response.headers);
  delete headers.date;
  return headers;
}

describe('securityHeaders', () => {
  it('sends exactly the headers helmet sends, X-Powered-By removed included', async () => {
    const precomputed = await headersWith(securityHeaders());
    expect(precomputed).toEqual(await headersWith(helmet()));
    expect(precomputed['content-security-policy']).toContain("default-src 'self'");
    expect(precomputed['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(precomputed['x-powered-by']).toBeUndefined();
  });
});
