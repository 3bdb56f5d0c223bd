import dynalite from 'dynalite';
import type { Logger } from '@videoforge/platform';
import { LOOPBACK, closeServer, listenOnLoopback } from '../net.ts';

export interface DynamoEmulatorOptions {
  port: number;
  logger: Logger;
}

export interface DynamoEmulator {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** dynalite, in memory, with table state changes instant (no CREATING phase to wait out). */
export async function startDynamoEmulator(options: DynamoEmulatorOptions): Promise<DynamoEmulator> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await listenOnLoopback(server, options.port, 'DynamoDB emulator');
  const endpoint = `http://${LOOPBACK}:${port}`;
  options.logger.info({ endpoint }, 'DynamoDB emulator (dynalite) listening');
  return {
    endpoint,
    port,
    async stop() {
      // Idle keep-alive sockets of SDK clients would otherwise hold close() open.
      server.closeAllConnections();
      await closeServer(server);
    },
  };
}
