import path from 'node:path';
import type { Logger } from '@videoforge/platform';
import { createS3EventBridge, type S3EventBridge } from './bridge/s3-event-bridge.ts';
import { CleanupStack } from './cleanup.ts';
import { resetDataDir } from './data-dir.ts';
import { startCognitoEmulator } from './emulators/cognito.ts';
import { startDynamoEmulator } from './emulators/dynalite.ts';
import { startAwsEmulator, type AwsEmulator } from './emulators/fauxqs.ts';
import { startMemcached, type MemcachedServer } from './emulators/memcached.ts';
import { startRedis, type RedisServer } from './emulators/redis.ts';
import { LOCAL_AWS_CREDENTIALS, buildServiceEnv } from './env.ts';
import { PortInUseError } from './net.ts';
import {
  resolveOptions,
  type LocalStack,
  type LocalStackOptions,
  type ResolvedOptions,
} from './options.ts';
import { provisionResources } from './provision/provision.ts';
import { ChildRegistry, reapStaleChildren } from './stale-children.ts';

/**
 * Starts every emulator on the loopback, creates the resources the services expect and wires the
 * S3 -> Lambda bridge. On failure, whatever was already started is stopped before rejecting.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const config = resolveOptions(options);
  const logger = config.logger.child({ component: 'local-stack' });
  const cleanup = new CleanupStack(logger);
  try {
    return await start(config, cleanup, logger);
  } catch (error) {
    await cleanup.run();
    throw startFailure(error);
  }
}

async function start(
  config: ResolvedOptions,
  cleanup: CleanupStack,
  logger: Logger,
): Promise<LocalStack> {
  await reapStaleChildren(config.dataDir, logger);
  await resetDataDir(config.dataDir);
  const { aws, dynamodb, cognito, memcached, redis } = await startEmulators(config, cleanup);

  const endpoints = { aws: aws.endpoint, dynamodb: dynamodb.endpoint, cognito: cognito.endpoint };
  const { queues, userPool } = await provisionResources({
    endpoints,
    region: config.region,
    names: config.names,
    adminEmail: config.adminEmail,
    adminPassword: config.adminPassword,
    logger,
  });
  const bridge = startBridge(config, aws, cleanup);

  const env = buildServiceEnv({
    region: config.region,
    endpoints,
    bucket: config.names.bucket,
    table: config.names.table,
    queues,
    userPool,
    issuer: cognito.issuerFor(userPool.userPoolId),
    memcached: memcached?.address,
    redis: redis?.url,
  });
  logger.info(
    {
      ...endpoints,
      memcached: memcached?.address ?? 'off',
      redis: redis?.url ?? 'off',
      dataDir: config.dataDir,
    },
    'local stack ready',
  );
  return {
    env,
    endpoints: {
      ...endpoints,
      ...(memcached ? { memcached: memcached.address } : {}),
      ...(redis ? { redis: redis.url } : {}),
    },
    setObjectCreatedHandler: (handler) => bridge.setHandler(handler),
    restartAwsEmulator: (downMs) => aws.restart(downMs),
    restartRedis: async (downMs) => {
      if (!redis) throw new Error('redis is not running (install: apt-get install redis-server)');
      await redis.restart(downMs);
    },
    stop: runOnce(() => cleanup.run()),
  };
}

/** One at a time, each registered for clean-up as soon as it runs. */
async function startEmulators(config: ResolvedOptions, cleanup: CleanupStack) {
  const registry = new ChildRegistry(config.dataDir);
  const aws = await startAwsEmulator({
    port: config.ports.aws,
    region: config.region,
    credentials: LOCAL_AWS_CREDENTIALS,
    logger: componentLogger(config, 'aws'),
  });
  cleanup.push('S3/SQS emulator', () => aws.stop());
  const dynamodb = await startDynamoEmulator({
    port: config.ports.dynamodb,
    logger: componentLogger(config, 'dynamodb'),
  });
  cleanup.push('DynamoDB emulator', () => dynamodb.stop());
  const cognito = await startCognitoEmulator({
    port: config.ports.cognito,
    dataDir: path.join(config.dataDir, 'cognito'),
    logger: componentLogger(config, 'cognito'),
    registry,
  });
  cleanup.push('Cognito emulator', () => cognito.stop());
  const memcached = await startCache(config, registry);
  if (memcached) cleanup.push('memcached', () => memcached.stop());
  const redis = await startRedisServer(config, registry);
  if (redis) cleanup.push('redis', () => redis.stop());
  return { aws, dynamodb, cognito, memcached, redis };
}

function componentLogger(config: ResolvedOptions, component: string): Logger {
  return config.logger.child({ component });
}

async function startCache(
  config: ResolvedOptions,
  registry: ChildRegistry,
): Promise<MemcachedServer | undefined> {
  const logger = componentLogger(config, 'memcached');
  if (config.memcached === false) {
    logger.info('memcached disabled: cache off');
    return undefined;
  }
  const binary = typeof config.memcached === 'string' ? config.memcached : undefined;
  return startMemcached({ port: config.ports.memcached, binary, logger, registry });
}

async function startRedisServer(
  config: ResolvedOptions,
  registry: ChildRegistry,
): Promise<RedisServer | undefined> {
  const logger = componentLogger(config, 'redis');
  if (config.redis === false) {
    logger.info('redis disabled: events and webhooks off');
    return undefined;
  }
  const binary = typeof config.redis === 'string' ? config.redis : undefined;
  return startRedis({
    port: config.ports.redis,
    dir: path.join(config.dataDir, 'redis'),
    binary,
    logger,
    registry,
  });
}

function startBridge(
  config: ResolvedOptions,
  aws: AwsEmulator,
  cleanup: CleanupStack,
): S3EventBridge {
  const bridge = createS3EventBridge({
    region: config.region,
    prefix: config.eventPrefix,
    describeObject: (bucket, key) => aws.describeObject(bucket, key),
    handler: config.onObjectCreated,
    logger: componentLogger(config, 's3-events'),
  });
  aws.onS3Response((facts) => bridge.observe(facts));
  cleanup.push('S3 event bridge', () => bridge.close());
  return bridge;
}

function startFailure(error: unknown): Error {
  if (error instanceof PortInUseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`local stack failed to start: ${message}`, { cause: error });
}

function runOnce(run: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= run());
}
