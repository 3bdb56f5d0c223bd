import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createLogger, type Logger } from '@videoforge/platform';
import {
  startLocalStack,
  type LocalStack,
  type LocalStackOptions,
  type S3Event,
} from '../../src/index.ts';

export const ADMIN_PASSWORD = 'Test-Admin-Pass-1';
export const FREE_PORTS = { aws: 0, dynamodb: 0, cognito: 0, memcached: 0, redis: 0 };

export function testLogger(): Logger {
  return createLogger('local-test', process.env.TEST_LOG_LEVEL ?? 'silent');
}

/** A logger whose JSON lines a test can inspect. */
export class LogCapture {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly logger: Logger = createLogger('local-test', 'debug', {
    write: (line: string) => void this.lines.push(JSON.parse(line) as Record<string, unknown>),
  });

  async waitFor(
    match: (line: Record<string, unknown>) => boolean,
    timeoutMs = 5_000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching log line within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

export async function makeTempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), 'videoforge-local-'));
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export function startTestStack(
  dataDir: string,
  overrides: Partial<LocalStackOptions> = {},
): Promise<LocalStack> {
  return startLocalStack({
    dataDir,
    ports: FREE_PORTS,
    adminPassword: ADMIN_PASSWORD,
    logger: testLogger(),
    // Only the suites about events need Redis (they ask for it); the rest stay lighter.
    redis: false,
    ...overrides,
  });
}

/** SDK clients configured only from the env the stack hands to the services. */
export function clientsFor(env: Record<string, string>) {
  const base = {
    region: env.AWS_REGION,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID ?? '',
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? '',
    },
  };
  return {
    s3: new S3Client({
      ...base,
      endpoint: env.AWS_ENDPOINT_URL_S3,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    }),
    sqs: new SQSClient({ ...base, endpoint: env.AWS_ENDPOINT_URL_SQS }),
    dynamodb: new DynamoDBClient({ ...base, endpoint: env.AWS_ENDPOINT_URL_DYNAMODB }),
    cognito: new CognitoIdentityProviderClient({
      ...base,
      endpoint: env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER,
    }),
  };
}

export function decodeJwtPart(token: string, index: 0 | 1): Record<string, unknown> {
  const part = token.split('.')[index] ?? '';
  return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

/** Records delivered events and lets a test wait for one. */
export class EventRecorder {
  readonly events: S3Event[] = [];
  readonly #waiters = new Set<() => void>();

  readonly handler = async (event: S3Event): Promise<void> => {
    this.events.push(event);
    for (const wake of this.#waiters) wake();
  };

  forKey(encodedKey: string): S3Event[] {
    return this.events.filter((event) => event.Records[0]?.s3.object.key === encodedKey);
  }

  async waitFor(encodedKey: string, count = 1, timeoutMs = 5_000): Promise<S3Event[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.forKey(encodedKey).length < count) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no event for ${encodedKey} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
    return this.forKey(encodedKey);
  }
}

export function decodeEventKey(key: string): string {
  return decodeURIComponent(key.replaceAll('+', ' '));
}
