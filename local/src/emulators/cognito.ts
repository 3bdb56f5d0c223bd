import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from '@videoforge/platform';
import { spawnChild, waitForChild, type LogLevel, type LogLine } from '../child-process.ts';
import { LOOPBACK, choosePort, httpOk, waitUntil } from '../net.ts';
import type { ChildRegistry } from '../stale-children.ts';

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

export async function startCognitoEmulator(
  options: CognitoEmulatorOptions,
): Promise<CognitoEmulator> {
  // cognito-local bakes HOST:PORT into the token issuer, so the port must be known before it starts.
  const port = await choosePort(options.port, 'Cognito emulator');
  const endpoint = `http://${LOOPBACK}:${port}`;
  const script = cognitoLocalScript();
  await mkdir(options.dataDir, { recursive: true });
  const child = spawnChild({
    command: process.execPath,
    args: [script],
    cwd: options.dataDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: LOOPBACK,
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    },
    logger: options.logger,
    parseLine: parseCognitoLine,
    onStdoutLine: watchCodeDeliveries((delivery) => {
      if (delivery.target !== 'ForgotPassword') return;
      // No mail leaves this machine: the terminal (and a test's log) is where the code arrives.
      options.logger.info(
        { email: delivery.destination, passwordResetCode: delivery.code },
        `password reset code for ${delivery.destination}: ${delivery.code}`,
      );
    }),
  });
  if (child.pid !== undefined)
    options.registry.add({ name: 'cognito', pid: child.pid, marker: script });
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

function cognitoLocalScript(): string {
  const packageJson = createRequire(import.meta.url).resolve('cognito-local/package.json');
  return path.join(path.dirname(packageJson), 'lib', 'bin', 'start.js');
}

const LEVELS: Record<string, LogLevel> = {
  TRACE: 'debug',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
  FATAL: 'error',
};

/** cognito-local prints pino-pretty lines: `[time] LEVEL: <reqId|NONE> <target|NONE> message`. */
export function parseCognitoLine(line: string): LogLine {
  const match = /^\[\d+\]\s+([A-Z]+):\s?(.*)$/.exec(line);
  if (!match) return { level: 'info', msg: line };
  const [, level = 'INFO', rest = ''] = match;
  return { level: LEVELS[level] ?? 'info', msg: rest.replace(/^NONE NONE /, '') };
}

export interface CodeDelivery {
  /** The user pool operation that sent it: ForgotPassword, SignUp, … */
  target: string;
  destination: string;
  code: string;
}

/**
 * cognito-local "delivers" codes as a box drawn over several lines, the first naming the operation:
 * `[time] INFO: <reqId> ForgotPassword ╭───╮`, then `│ Destination: a@b.c │`, `│ Code: 123456 │`, `╰───╯`.
 */
export function watchCodeDeliveries(
  onDelivery: (delivery: CodeDelivery) => void,
): (line: string) => void {
  let open: { target: string; fields: Map<string, string> } | undefined;
  return (line) => {
    const start = /^\[\d+\]\s+[A-Z]+:\s+\S+\s+(\w+)\s+╭/.exec(line);
    if (start) {
      open = { target: start[1] ?? '', fields: new Map() };
      return;
    }
    if (!open) return;
    const field = /^│\s+([A-Za-z ]+):\s+(\S+)\s+│$/.exec(line);
    if (field?.[1] && field[2]) open.fields.set(field[1], field[2]);
    const destination = open.fields.get('Destination');
    const code = open.fields.get('Code');
    // Delivered as soon as both are read: the box's closing line comes without a newline until
    // cognito-local writes again, so waiting for it would hold the code back.
    if (destination && code) {
      const { target } = open;
      open = undefined;
      onDelivery({ target, destination, code });
    } else if (line.startsWith('╰')) open = undefined;
  };
}
