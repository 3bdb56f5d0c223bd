import net from 'node:net';

export interface Forwarder {
  close(): Promise<void>;
}

/**
 * Listens on every interface at `publicPort` and pipes each connection to 127.0.0.1:`target`.
 * The local stack binds the loopback only (it is built for a laptop); in a pod, this is what makes
 * it reachable through the Service.
 */
export function forward(publicPort: number, target: number): Promise<Forwarder> {
  const server = net.createServer((client) => {
    const upstream = net.connect({ host: '127.0.0.1', port: target });
    client.pipe(upstream).pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close);
    upstream.on('error', close);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(publicPort, '0.0.0.0', () =>
      resolve({ close: () => new Promise<void>((done) => server.close(() => done())) }),
    );
  });
}
