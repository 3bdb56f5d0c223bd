import type { Server } from 'node:http';
import type { Express } from 'express';

export interface Listening {
  server: Server;
  /** Loopback URL of the bound port (port 0 resolves to the one the OS chose). */
  url: string;
  close(): Promise<void>;
}

/** Binds the app and resolves once it listens; `close` stops accepting and ends open connections. */
export async function listen(
  app: Express,
  opts: { port: number; host: string },
): Promise<Listening> {
  const server = app.listen(opts.port, opts.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
      server.closeAllConnections();
    },
  };
}
