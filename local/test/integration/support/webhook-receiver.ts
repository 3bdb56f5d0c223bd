import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  type: string;
  at: number;
}

/**
 * A customer's webhook endpoint on the loopback: records every request and answers with the
 * status `answer` picks (200 unless told otherwise).
 */
export class WebhookReceiver {
  readonly received: ReceivedDelivery[] = [];
  answer: (delivery: ReceivedDelivery, earlier: ReceivedDelivery[]) => number = () => 200;
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const type = (JSON.parse(body) as { type: string }).type;
        const delivery = { path: req.url ?? '/', headers: req.headers, body, type, at: Date.now() };
        const earlier = [...this.received];
        this.received.push(delivery);
        res.writeHead(this.answer(delivery, earlier)).end('ok');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  of(path: string, type?: string): ReceivedDelivery[] {
    return this.received.filter((d) => d.path === path && (type === undefined || d.type === type));
  }

  async waitFor(
    path: string,
    type: string,
    count = 1,
    timeoutMs = 30_000,
  ): Promise<ReceivedDelivery[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.of(path, type).length < count) {
      if (Date.now() > deadline) {
        const seen = this.of(path).map((d) => d.type);
        throw new Error(
          `no ${count}x ${type} at ${path} within ${timeoutMs} ms; got ${seen.join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.of(path, type);
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
