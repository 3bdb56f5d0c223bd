import { fileURLToPath } from 'node:url';
import pretty from 'pino-pretty';
import { composeUploadProcessor, loadLambdaConfig } from '@videoforge/lambda';
import { createLogger, type Logger } from '@videoforge/platform';
import { waitForChild, type ManagedChild } from './child-process.ts';
import { loadLocalConfig, type LocalConfig } from './local-config.ts';
import { httpOk, waitUntil } from './net.ts';
import { serviceEntry, spawnService } from './services.ts';
import { startLocalStack, type LocalStack } from './index.ts';
import { startPrometheus, type LocalPrometheus } from './observe/prometheus.ts';

/**
 * `npm start`: the whole platform on one machine. Emulators and the S3 -> Lambda bridge run in
 * this process; api, admin and transcoder run as their own processes from their own main.ts.
 */
async function main(): Promise<void> {
  const config = loadLocalConfig(process.env);
  // `npm start -- --observe`: also a Prometheus with the alert rules (README "Observability").
  const observe = process.argv.slice(2).includes('--observe');
  // People read this terminal: one line per event, prefixed with the component that logged it.
  const logger = createLogger(
    'local',
    config.logLevel,
    pretty({
      ignore: 'pid,hostname,service,component',
      messageFormat: '[{component}] {msg}',
      translateTime: 'HH:MM:ss',
      singleLine: true,
    }),
  ).child({ component: 'local' });
  const children: ManagedChild[] = [];
  let stack: LocalStack | undefined;
  let stopping = false;

  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping');
    await Promise.allSettled(children.map((c) => c.stop()));
    await stack?.stop();
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    stack = await startLocalStack({
      dataDir: fileURLToPath(new URL('../../.local/stack', import.meta.url)),
      adminPassword: config.adminPassword,
      logger,
    });
    const lambdaLogger = logger.child({ component: 'lambda' });
    const processUpload = composeUploadProcessor(
      loadLambdaConfig({ ...stack.env, LOG_LEVEL: config.logLevel }),
      lambdaLogger,
    );
    stack.setObjectCreatedHandler(async (event) => void (await processUpload(event)));
    children.push(...(await startServices(stack, config, logger)));
    if (observe) children.push(await startLocalPrometheus(logger));
    for (const child of children) {
      void child.exited.then(() => {
        if (!stopping) void stopAll(1);
      });
    }
    printBanner(stack, config, logger, observe);
  } catch (error) {
    logger.fatal({ err: error }, (error as Error).message);
    await stopAll(1);
  }
}

async function startServices(
  stack: LocalStack,
  config: LocalConfig,
  logger: Logger,
): Promise<ManagedChild[]> {
  const common = { ...stack.env, LOG_LEVEL: config.logLevel };
  const api = spawnService(
    {
      name: 'api',
      entry: serviceEntry('services/api/src/main.ts'),
      env: { ...common, PORT: '8080', HOST: '127.0.0.1' },
    },
    logger,
  );
  const admin = spawnService(
    {
      name: 'admin',
      entry: serviceEntry('services/admin/src/main.ts'),
      env: { ...common, PORT: '8081', HOST: '127.0.0.1' },
    },
    logger,
  );
  const transcoder = spawnService(
    {
      name: 'transcoder',
      entry: serviceEntry('services/transcoder/src/main.ts'),
      env: {
        ...common,
        HEALTH_PORT: '9100',
        HEALTH_HOST: '127.0.0.1',
        SCRATCH_DIR: fileURLToPath(new URL('../../.local/scratch', import.meta.url)),
        // Locally a Ctrl-C should not wait long: unfinished jobs go back to the queue.
        SHUTDOWN_GRACE_SECONDS: '2',
        RETRY_DELAY_SECONDS: '2',
      },
    },
    logger,
  );
  await Promise.all([
    waitForChild('api', api, waitForUrl('http://127.0.0.1:8080/readyz')),
    waitForChild('admin', admin, waitForUrl('http://127.0.0.1:8081/readyz')),
    waitForChild('transcoder', transcoder, waitForUrl('http://127.0.0.1:9100/healthz')),
  ]);
  return [api, admin, transcoder];
}

function waitForUrl(url: string): Promise<void> {
  return waitUntil(() => httpOk(url), { timeoutMs: 60_000, intervalMs: 200, description: url });
}

/** Prometheus on :9090 scraping the three services, with the same alert rules as the chart. */
function startLocalPrometheus(logger: Logger): Promise<LocalPrometheus> {
  return startPrometheus({
    port: 9090,
    dataDir: fileURLToPath(new URL('../../.local/prometheus', import.meta.url)),
    targets: [
      { job: 'api', address: '127.0.0.1:8080' },
      { job: 'admin', address: '127.0.0.1:8081' },
      { job: 'transcoder', address: '127.0.0.1:9100' },
    ],
    interval: '5s',
    logger: logger.child({ component: 'prometheus' }),
  });
}

function printBanner(
  stack: LocalStack,
  config: LocalConfig,
  logger: Logger,
  observe = false,
): void {
  logger.info(
    [
      'VideoForge is up (Ctrl-C stops everything):',
      '  api                http://localhost:8080   (try: curl localhost:8080/healthz)',
      '  admin              http://localhost:8081/api/admin/*   (admin group only; README "Admin")',
      '  transcoder         http://localhost:9100/healthz, /metrics',
      `  S3 + SQS emulator  ${stack.endpoints.aws}   bucket ${stack.env.S3_BUCKET}`,
      `  DynamoDB emulator  ${stack.endpoints.dynamodb}   table ${stack.env.DYNAMODB_TABLE}`,
      `  Cognito emulator   ${stack.endpoints.cognito}   pool ${stack.env.COGNITO_USER_POOL_ID}`,
      `  memcached          ${stack.endpoints.memcached ?? 'not running: cache off'}`,
      `  admin account      ${config.adminEmail} / LOCAL_ADMIN_PASSWORD${config.adminPasswordIsDefault ? ` (default: ${config.adminPassword})` : ''}`,
      ...(observe
        ? [
            '  prometheus         http://localhost:9090   (alerts: /alerts; Grafana: README "Observability")',
          ]
        : []),
      '  walk-through       README.md "Try it with curl", or: npm run demo',
    ].join('\n'),
  );
}

await main();
