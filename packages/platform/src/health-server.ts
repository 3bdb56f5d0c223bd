import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Registry } from './metrics.ts';

/**
 * For processes without a public API (the worker, the events service): /healthz, /readyz and
 * /metrics for the kubelet and Prometheus.
 */
export async function startHealthServer(opts: {
  host: string;
  port: number;
  registry: Registry;
  /** 'ok' answers 200; anything else (why the worker is unhealthy) answers 503. */
  status: () => string;
  /** Resolves 'ok' when dependencies answer; the reason otherwise. Default: same as status. */
  readiness?: () => Promise<string>;
}): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      answerStatus(res, opts.status());
      return;
    }
    if (req.method === 'GET' && path === '/readyz') {
      const check = opts.readiness ?? (() => Promise.resolve(opts.status()));
      check().then(
        (status) => answerStatus(res, status),
        (error: unknown) => answerStatus(res, error instanceof Error ? error.message : 'not ready'),
      );
      return;
    }
    if (req.method === 'GET' && path === '/metrics') {
      opts.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': opts.registry.contentType });
          res.end(text);
        },
        () => {
          res.writeHead(500).end();
        },
      );
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: 'not found' } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    server,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function answerStatus(res: ServerResponse, status: string): void {
  res.writeHead(status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status }));
}
