import { composeUploadProcessor, loadLambdaConfig } from '@videoforge/lambda';
import type { Logger } from '@videoforge/platform';
import { startLocalStack, type LocalStack, type LocalStackOptions } from './index.ts';
import {
  startPlatformServices,
  type PlatformServices,
  type ServicePorts,
} from './platform-services.ts';
import type { BackoffPolicy } from './supervisor.ts';

export { freeServicePorts, type ServicePorts } from './platform-services.ts';

export interface LocalPlatformOptions {
  /** The emulators' data (wiped at start). */
  dataDir: string;
  /** The workers' scratch space. */
  scratchDir: string;
  /** Emulator ports; default the fixed `npm start` ones (0 picks a free port). */
  stackPorts?: LocalStackOptions['ports'];
  servicePorts: ServicePorts;
  adminPassword: string;
  logLevel: string;
  backoff?: BackoffPolicy;
  transcoderEnv?: Record<string, string>;
  onStdoutLine?: (service: string, line: string, pid: number | undefined) => void;
  logger: Logger;
}

export interface LocalPlatform {
  stack: LocalStack;
  services: PlatformServices;
  /** Stops the services, then the emulators; every port is free once it resolves. */
  stop(): Promise<void>;
}

/**
 * What `npm start` runs: the emulators and the S3 -> Lambda bridge in this process, and api, admin
 * and the workers as supervised child processes, each from its own main.ts.
 */
export async function startLocalPlatform(options: LocalPlatformOptions): Promise<LocalPlatform> {
  const { logger } = options;
  const stack = await startLocalStack({
    dataDir: options.dataDir,
    ports: options.stackPorts,
    adminPassword: options.adminPassword,
    logger,
  });
  try {
    const processUpload = composeUploadProcessor(
      loadLambdaConfig({ ...stack.env, LOG_LEVEL: options.logLevel }),
      logger.child({ component: 'lambda' }),
    );
    stack.setObjectCreatedHandler(async (event) => void (await processUpload(event)));
    const services = await startPlatformServices({
      env: { ...stack.env, LOG_LEVEL: options.logLevel },
      ports: options.servicePorts,
      scratchDir: options.scratchDir,
      transcoderEnv: options.transcoderEnv,
      backoff: options.backoff,
      onStdoutLine: options.onStdoutLine,
      logger,
    });
    return {
      stack,
      services,
      stop: async () => {
        await services.stop();
        await stack.stop();
      },
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

/**
 * Ctrl-C (SIGINT) or SIGTERM stops everything once and exits 0. Returns the same stop-and-exit for
 * fatal errors. A signal during the start waits for it, so nothing it launched is left behind.
 */
export function stopOnSignals(
  stop: () => Promise<void>,
  logger: Logger,
): (exitCode: number) => Promise<void> {
  let stopping = false;
  const stopAndExit = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping');
    try {
      await stop();
    } catch (error) {
      logger.error({ err: error }, 'stopping failed');
    }
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stopAndExit(0));
  process.on('SIGTERM', () => void stopAndExit(0));
  return stopAndExit;
}
