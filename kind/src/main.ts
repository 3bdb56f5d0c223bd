import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { composeUploadProcessor, loadLambdaConfig } from '@videoforge/lambda';
import { startLocalStack } from '@videoforge/local';
import { createLogger, type Logger } from '@videoforge/platform';
import {
  LOOPBACK_OFFSET,
  PUBLIC_PORTS,
  loadKindStackConfig,
  type KindStackConfig,
} from './config.ts';
import { provisionLocalStack, runUploadBridge } from './localstack.ts';
import { forward } from './port-forwarder.ts';
import { applySecret } from './secret-publisher.ts';
import { clusterEnv } from './service-env.ts';

/**
 * AWS for the kind profiles, with no AWS account:
 * - default: the project's own local stack (S3 + SQS, DynamoDB, Cognito, memcached) in this pod,
 *   with the S3 -> Lambda bridge running the real upload handler; no LocalStack, no token.
 * - LOCALSTACK_ENDPOINT set (skaffold -p localstack): provisions LocalStack the same way and feeds
 *   its S3 events to the upload handler.
 * Either way the services' environment (endpoints, keys, Cognito ids) is published as the app Secret.
 */
const config = loadKindStackConfig(process.env);
const logger = createLogger('local-stack', config.logLevel);
const stops: (() => Promise<void>)[] = [];

const env = {
  ...(config.localStackEndpoint
    ? await useLocalStack(config, config.localStackEndpoint)
    : await runEmulators(config)),
  // The api may run two replicas here: local mode would give each its own key, breaking HLS links.
  PLAYBACK_SIGNING_SECRET: randomBytes(32).toString('base64url'),
};
if (config.kubernetes) {
  await applySecret(config.kubernetes, config.secretName, env);
  logger.info(
    { secret: config.secretName, namespace: config.kubernetes.namespace },
    'app Secret written',
  );
} else {
  logger.info({ env }, 'not in a cluster: the services environment is');
}

let ready = true;
const readiness = createServer(
  (req, res) => void res.writeHead(req.url === '/ready' && ready ? 200 : 503).end(),
);
readiness.listen(config.readyPort, '0.0.0.0');

const stop = async () => {
  ready = false;
  readiness.close();
  for (const step of stops.reverse())
    await step().catch((error: unknown) => logger.warn({ err: error }, 'stop failed'));
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());

async function runEmulators(c: KindStackConfig): Promise<Record<string, string>> {
  const loopback = Object.fromEntries(
    Object.entries(PUBLIC_PORTS).map(([name, port]) => [name, port + LOOPBACK_OFFSET]),
  ) as Record<keyof typeof PUBLIC_PORTS, number>;
  const stack = await startLocalStack({
    dataDir: c.dataDir,
    adminPassword: c.adminPassword,
    ports: loopback,
    logger,
  });
  stops.push(() => stack.stop());
  const processUpload = uploadProcessor(stack.env, logger);
  stack.setObjectCreatedHandler(async (event) => void (await processUpload(event)));
  // The stack binds the loopback (it is built for a laptop); other pods come in through these.
  for (const [name, port] of Object.entries(PUBLIC_PORTS)) {
    const forwarder = await forward(port, loopback[name as keyof typeof PUBLIC_PORTS]);
    stops.push(() => forwarder.close());
  }
  logger.info(
    { ports: PUBLIC_PORTS, serviceHost: c.serviceHost },
    'emulators ready for the cluster',
  );
  return clusterEnv(stack.env, c.serviceHost);
}

async function useLocalStack(
  c: KindStackConfig,
  endpoint: string,
): Promise<Record<string, string>> {
  const target = {
    endpoint,
    region: c.region,
    adminEmail: c.adminEmail,
    adminPassword: c.adminPassword,
    logger,
  };
  const env = await provisionLocalStack(target);
  const processUpload = uploadProcessor(env, logger);
  const abort = new AbortController();
  const bridge = runUploadBridge(
    target,
    async (event) => void (await processUpload(event as never)),
    abort.signal,
  );
  bridge.catch((error: unknown) => {
    logger.fatal({ err: error }, 'upload bridge failed');
    process.exit(1);
  });
  stops.push(async () => {
    abort.abort();
    await bridge.catch(() => undefined);
  });
  logger.info({ endpoint }, 'LocalStack provisioned');
  return env;
}

function uploadProcessor(env: Record<string, string>, log: Logger) {
  return composeUploadProcessor(
    loadLambdaConfig({ ...env, LOG_LEVEL: config.logLevel }),
    log.child({ component: 'lambda' }),
  );
}
