import type { Logger } from '@videoforge/platform';
import type { S3Event, S3EventHandler } from './s3-event.ts';

export interface LocalStackOptions {
  /**
   * 0 picks a free port. Defaults (for `npm start`): aws 4566, dynamodb 4569, cognito 9229,
   * memcached 11311, redis 6390.
   */
  ports?: { aws?: number; dynamodb?: number; cognito?: number; memcached?: number; redis?: number };
  /** Git-ignored scratch directory, wiped at every start so a second start needs no clean-up. */
  dataDir: string;
  /** Default 'us-east-1'. */
  region?: string;
  /** Defaults: videoforge-local, videoforge-jobs, videoforge-jobs-dlq, videoforge-local. */
  names?: { bucket?: string; jobsQueue?: string; dlq?: string; table?: string };
  /** Default 'admin@videoforge.local'. */
  adminEmail?: string;
  adminPassword: string;
  /** true = find `memcached` on PATH, a string = its path, false = no cache. Default true. */
  memcached?: boolean | string;
  /** true = find `redis-server` on PATH, a string = its path, false = no Redis (events off). Default true. */
  redis?: boolean | string;
  /** Only objects under this prefix raise events, like a bucket notification filter. Default 'raw/'. */
  eventPrefix?: string;
  /** The bucket-notification target (the Lambda handler). Can also be set later. */
  onObjectCreated?: (event: S3Event) => Promise<void>;
  logger: Logger;
}

export interface LocalStack {
  /** The variables the services read, ready to hand to them. */
  env: Record<string, string>;
  endpoints: { aws: string; dynamodb: string; cognito: string; memcached?: string; redis?: string };
  setObjectCreatedHandler(handler: (event: S3Event) => Promise<void>): void;
  /**
   * Crashes the S3/SQS emulator and starts it again on the same port after `downMs`, with the same
   * queues, messages and objects (chaos runs: a dependency restarting mid-job).
   */
  restartAwsEmulator(downMs?: number): Promise<void>;
  /** Kills Redis and starts it again, empty, on the same port after `downMs` (as a failover would). */
  restartRedis(downMs: number): Promise<void>;
  /** Stops everything, ends child processes, frees the ports. Idempotent. */
  stop(): Promise<void>;
}

export interface ResolvedOptions {
  ports: { aws: number; dynamodb: number; cognito: number; memcached: number; redis: number };
  dataDir: string;
  region: string;
  names: { bucket: string; jobsQueue: string; dlq: string; table: string };
  adminEmail: string;
  adminPassword: string;
  memcached: boolean | string;
  redis: boolean | string;
  eventPrefix: string;
  onObjectCreated: S3EventHandler | undefined;
  logger: Logger;
}

export const DEFAULT_PORTS = {
  aws: 4566,
  dynamodb: 4569,
  cognito: 9229,
  memcached: 11311,
  redis: 6390,
} as const;

export function resolveOptions(options: LocalStackOptions): ResolvedOptions {
  if (!options.dataDir) throw new Error('local stack: dataDir is required');
  if (!options.adminPassword) throw new Error('local stack: adminPassword is required');
  return {
    ports: { ...DEFAULT_PORTS, ...options.ports },
    dataDir: options.dataDir,
    region: options.region ?? 'us-east-1',
    names: {
      bucket: options.names?.bucket ?? 'videoforge-local',
      jobsQueue: options.names?.jobsQueue ?? 'videoforge-jobs',
      dlq: options.names?.dlq ?? 'videoforge-jobs-dlq',
      table: options.names?.table ?? 'videoforge-local',
    },
    adminEmail: options.adminEmail ?? 'admin@videoforge.local',
    adminPassword: options.adminPassword,
    memcached: options.memcached ?? true,
    redis: options.redis ?? true,
    eventPrefix: options.eventPrefix ?? 'raw/',
    onObjectCreated: options.onObjectCreated,
    logger: options.logger,
  };
}
