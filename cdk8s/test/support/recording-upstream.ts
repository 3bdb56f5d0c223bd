import { once } from 'node:events';
import http, { type IncomingHttpHeaders } from 'node:http';
import { text } from 'node:stream/consumers';

export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RecordingUpstream {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** The headers every answer carries: what a service sets, which a proxy must pass on unchanged. */
export const upstreamHeaders = (name: string) => ({
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-upstream': name,
  'set-cookie': `seen-by=${name}; Path=/api; HttpOnly`,
});

/**
 * A stand-in for the api or admin service: records each request and answers JSON naming itself;
 * `/…/unavailable` answers a 503 of its own, which a proxy must not replace.
 */
export async function startRecordingUpstream(name: string): Promise<RecordingUpstream> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    void text(req).then((body) => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const unavailable = req.url?.endsWith('/unavailable') ?? false;
      res.writeHead(unavailable ? 503 : 200, upstreamHeaders(name));
      res.end(JSON.stringify({ upstream: name, unavailable }));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
