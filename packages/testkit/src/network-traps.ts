import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';

export interface Trap {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request (canary) or connection (tarpit) it has seen. */
  readonly hits: string[];
  close(): Promise<void>;
}

/** Records every request it receives and answers 200: anything that reaches it is a leak. */
export async function startCanary(): Promise<Trap> {
  const hits: string[] = [];
  const server = createHttpServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers['user-agent'] ?? ''}`);
    res.end('ok');
  });
  return listen(server, hits, () => undefined);
}

/** Accepts connections and never answers: what a wedged or hostile server looks like. */
export async function startTarpit(): Promise<Trap> {
  const hits: string[] = [];
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    hits.push(`connection from ${socket.remoteAddress}:${socket.remotePort}`);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  });
  return listen(server, hits, () => sockets.forEach((s) => s.destroy()));
}

async function listen(
  server: HttpServer | TcpServer,
  hits: string[],
  dropAll: () => void,
): Promise<Trap> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        dropAll();
        if ('closeAllConnections' in server) server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
