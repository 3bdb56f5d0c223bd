import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@videoforge/platform';
import { spawnChild, waitForChild } from '../child-process.ts';
import { LOOPBACK, choosePort, httpOk, waitUntil } from '../net.ts';
import { tsxLoader } from '../services.ts';
import type { ChildRegistry } from '../stale-children.ts';
import { parseCognitoLine, readCodeDelivery } from './cognito-log.ts';

export interface CognitoEmulatorOptions {
  port: number;
  /** cognito-local keeps its state in `<dir>/.cognito/`. */
  dataDir: string;
  logger: Logger;
  registry: ChildRegistry;
}

export interface CognitoEmulator {
  readonly endpoint: string;
  readonly port: number;
  /** The `iss` of its tokens. Its openid-configuration hard-codes localhost:9229, so never read it. */
  issuerFor(userPoolId: string): string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 30_000;
/** Ours, not cognito-local's start script: it logs JSON lines synchronously (see the script). */
const LAUNCHER = fileURLToPath(new URL('cognito-launcher.ts', import.meta.url));

export async function startCognitoEmulator(
  options: CognitoEmulatorOptions,
): Promise<CognitoEmulator> {
  // cognito-local bakes HOST:PORT into the token issuer, so the port must be known before it starts.
  const port = await choosePort(options.port, 'Cognito emulator');
  const endpoint = `http://${LOOPBACK}:${port}`;
  await mkdir(options.dataDir, { recursive: true });
  const child = spawnChild({
    command: process.execPath,
    args: ['--import', tsxLoader, LAUNCHER],
    cwd: options.dataDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: LOOPBACK,
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      // Its delivery box is as wide as the "terminal" (80 columns in a pipe): a long address would wrap.
      COLUMNS: '1000',
    },
    logger: options.logger,
    parseLine: parseCognitoLine,
    onStdoutLine: (line) => {
      const delivery = readCodeDelivery(line);
      if (delivery?.target !== 'ForgotPassword') return;
      // No mail leaves this machine: the terminal (and a test's log) is where the code arrives.
      options.logger.info(
        { email: delivery.destination, passwordResetCode: delivery.code },
        `password reset code for ${delivery.destination}: ${delivery.code}`,
      );
    },
  });
  if (child.pid !== undefined)
    options.registry.add({ name: 'cognito', pid: child.pid, marker: LAUNCHER });
  try {
    const ready = waitUntil(() => httpOk(`${endpoint}/health`), {
      timeoutMs: READY_TIMEOUT_MS,
      description: 'cognito-local',
    });
    await waitForChild('cognito-local', child, ready);
  } catch (error) {
    await child.stop();
    throw error;
  }
  options.logger.info({ endpoint }, 'Cognito emulator (cognito-local) listening');
  return {
    endpoint,
    port,
    issuerFor: (userPoolId) => `${endpoint}/${userPoolId}`,
    stop: () => child.stop(),
  };
}
