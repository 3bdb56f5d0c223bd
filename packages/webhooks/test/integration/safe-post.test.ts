import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LOCAL_TARGET_POLICY,
  PRODUCTION_TARGET_POLICY,
  postWebhook,
  type LookupAll,
} from '../../src/index.ts';

interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A receiver on loopback whose behaviour each path chooses. */
async function startReceiver() {
  const received: Received[] = [];
  const routes: Record<string, (res: ServerResponse) => void> = {
    '/ok': (res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks'),
    '/no-content': (res) => res.writeHead(204).end(),
    '/fail': (res) => res.writeHead(500).end('boom'),
    '/redirect': (res) => res.writeHead(302, { location: '/ok' }).end(),
    '/slow': (res) => {
      const timer = setTimeout(() => res.writeHead(200).end('late'), 5_000);
      res.on('close', () => clearTimeout(timer));
    },
    '/slow-body': (res) => {
      res.writeHead(200);
      res.write('start');
      const timer = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(timer));
    },
    '/huge': (res) => {
      res.writeHead(200);
      // Far more than is read: the client must hang up after its cap.
      const chunk = 'x'.repeat(64 * 1024);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    },
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
      (routes[req.url ?? ''] ?? ((r: ServerResponse) => r.writeHead(404).end()))(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    received,
    port,
    url: (path: string) => `http://127.0.0.1:${port}${path}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const local = LOCAL_TARGET_POLICY;
const prod = PRODUCTION_TARGET_POLICY;
const body = JSON.stringify({
  type: 'webhook.test',
  timestamp: new Date().toISOString(),
  data: {},
});
const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': '1', 'webhook-signature': 'v1,x' };

describe('postWebhook against real HTTP servers', () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;

  beforeAll(async () => {
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
  });

  it('delivers: POST with the body and headers; 2xx is ok', async () => {
    const result = await postWebhook({ url: receiver.url('/ok'), headers, body, policy: local });
    expect(result).toMatchObject({ ok: true, statusCode: 200, responseSnippet: 'thanks' });
    expect(result.error).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
    const seen = receiver.received.at(-1);
    expect(seen?.method).toBe('POST');
    expect(seen?.body).toBe(body);
    expect(seen?.headers['webhook-id']).toBe('evt_1');
    expect(seen?.headers['webhook-signature']).toBe('v1,x');
    expect(seen?.headers['content-type']).toBe('application/json');
    expect(seen?.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    expect(seen?.headers.connection).toBe('close');
  });

  it('a 204 is ok too, with no snippet', async () => {
    const result = await postWebhook({
      url: receiver.url('/no-content'),
      headers,
      body,
      policy: local,
    });
    expect(result).toMatchObject({ ok: true, statusCode: 204 });
    expect(result.responseSnippet).toBeUndefined();
  });

  it('a 500 is a failure that says so', async () => {
    const result = await postWebhook({ url: receiver.url('/fail'), headers, body, policy: local });
    expect(result).toMatchObject({
      ok: false,
      statusCode: 500,
      error: 'receiver answered HTTP 500',
      responseSnippet: 'boom',
    });
  });

  it('never follows a redirect', async () => {
    const before = receiver.received.length;
    const result = await postWebhook({
      url: receiver.url('/redirect'),
      headers,
      body,
      policy: local,
    });
    expect(result).toMatchObject({ ok: false, statusCode: 302 });
    expect(result.error).toMatch(/redirect not followed/);
    expect(receiver.received.slice(before).map((r) => r.path)).toEqual(['/redirect']);
  });

  it('gives up on a slow server at the deadline', async () => {
    const result = await postWebhook({
      url: receiver.url('/slow'),
      headers,
      body,
      policy: local,
      timeoutMs: 300,
    });
    expect(result.ok).toBe(false);
    expect(result.error).toBe('timed out after 0.3 s');
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('the deadline covers the response body too', async () => {
    const result = await postWebhook({
      url: receiver.url('/slow-body'),
      headers,
      body,
      policy: local,
      timeoutMs: 400,
    });
    expect(result.ok).toBe(false);
    expect(result.error).toBe('timed out after 0.4 s');
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('reads at most maxResponseBytes of a huge body, then hangs up', async () => {
    const result = await postWebhook({
      url: receiver.url('/huge'),
      headers,
      body,
      policy: local,
      maxResponseBytes: 100,
      timeoutMs: 5_000,
    });
    expect(result).toMatchObject({ ok: true, statusCode: 200 });
    expect(result.responseSnippet).toBe('x'.repeat(100));
    expect(result.durationMs).toBeLessThan(5_000);
  });

  it('reports a closed port as "connection refused"', async () => {
    const closed = await startReceiver();
    const url = closed.url('/ok');
    await closed.close();
    const result = await postWebhook({ url, headers, body, policy: local });
    expect(result).toMatchObject({ ok: false, error: 'connection refused' });
    expect(result.statusCode).toBeUndefined();
  });

  it('refuses loopback under the production policy without connecting', async () => {
    const before = receiver.received.length;
    const result = await postWebhook({ url: receiver.url('/ok'), headers, body, policy: prod });
    expect(result).toMatchObject({ ok: false, error: 'refused: 127.0.0.1 is a loopback address' });
    expect(receiver.received.length).toBe(before);
  });

  it('refuses the metadata address 169.254.169.254 in every policy', async () => {
    for (const policy of [prod, local]) {
      const result = await postWebhook({
        url: 'http://169.254.169.254/latest/meta-data/',
        headers,
        body,
        policy,
        timeoutMs: 1_000,
      });
      expect(result).toMatchObject({
        ok: false,
        error: 'refused: 169.254.169.254 is a link-local address',
      });
    }
  });

  it('refuses IPv4-mapped IPv6 loopback under production', async () => {
    const result = await postWebhook({
      url: `http://[::ffff:127.0.0.1]:${receiver.port}/ok`,
      headers,
      body,
      policy: prod,
    });
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/^refused: ::ffff:7f00:1 is a loopback address/);
  });

  it('checks the address it connects to: a host that resolves to loopback is refused', async () => {
    const lookups: string[] = [];
    // The rebinding trick: public at registration, loopback when the delivery resolves it.
    const rebinding: LookupAll = async (hostname) => {
      lookups.push(hostname);
      return [{ address: '127.0.0.1', family: 4 }];
    };
    const before = receiver.received.length;
    const result = await postWebhook({
      url: `http://hooks.example.com:${receiver.port}/ok`,
      headers,
      body,
      policy: prod,
      lookup: rebinding,
    });
    expect(lookups).toEqual(['hooks.example.com']);
    expect(result).toMatchObject({
      ok: false,
      error: 'refused: 127.0.0.1 is a loopback address (hooks.example.com resolves to it)',
    });
    expect(receiver.received.length).toBe(before);
  });

  it('connects to the resolved address when the policy allows it', async () => {
    const toLoopback: LookupAll = async () => [{ address: '127.0.0.1', family: 4 }];
    const result = await postWebhook({
      url: `http://receiver.test:${receiver.port}/ok`,
      headers,
      body,
      policy: local,
      lookup: toLoopback,
    });
    expect(result).toMatchObject({ ok: true, statusCode: 200 });
    expect(receiver.received.at(-1)?.headers.host).toBe(`receiver.test:${receiver.port}`);
  });

  it('reports a host that does not resolve, and bad URLs, as sentences', async () => {
    const nothing: LookupAll = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    const unresolved = await postWebhook({
      url: 'http://nowhere.invalid/',
      headers,
      body,
      policy: prod,
      lookup: nothing,
    });
    expect(unresolved).toMatchObject({
      ok: false,
      error: 'host nowhere.invalid could not be resolved',
    });
    const ftp = await postWebhook({ url: 'ftp://example.com/', headers, body, policy: prod });
    expect(ftp).toMatchObject({ ok: false, error: 'url must be an http or https URL' });
    for (const r of [unresolved, ftp]) expect(r.error).not.toMatch(/\n|at /);
  });
});
