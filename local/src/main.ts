import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pretty from 'pino-pretty';
import { createLogger, type Logger } from '@videoforge/platform';
import { loadLocalConfig, type LocalConfig } from './local-config.ts';
import { startPrometheus, type LocalPrometheus } from './observe/prometheus.ts';
import { defaultServicePorts, type ServicePorts } from './platform-services.ts';
import { startLocalPlatform, stopOnSignals, type LocalPlatform } from './platform.ts';
import { startWebGateway, type WebGateway } from './web-gateway.ts';

const localDir = (name: string) => fileURLToPath(new URL(`../../.local/${name}`, import.meta.url));
/** The web app's build output, served with the api on one origin (SPEC: web app on :3000). */
const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));
const WEB_PORT = 3000;

/**
 * `npm start`: the whole platform on one machine. Emulators and the S3 -> Lambda bridge run in
 * this process; api, admin and the transcoder workers run as their own processes from their own
 * main.ts, restarted with back-off when they crash (docs/local-development.md).
 */
async function main(): Promise<void> {
  const config = loadLocalConfig(process.env);
  // `npm start -- --observe`: also a Prometheus with the alert rules (docs/local-development.md "Locally: Prometheus and Grafana").
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
  const ports = defaultServicePorts(config.transcoders);
  let starting: Promise<LocalPlatform> | undefined;
  let prometheus: LocalPrometheus | undefined;
  let web: WebGateway | undefined;
  const stopAndExit = stopOnSignals(async () => {
    await web?.close();
    await prometheus?.stop();
    const platform = await starting?.catch(() => undefined);
    await platform?.stop();
  }, logger);

  try {
    starting = startLocalPlatform({
      dataDir: localDir('stack'),
      scratchDir: localDir('scratch'),
      servicePorts: ports,
      adminPassword: config.adminPassword,
      logLevel: config.logLevel,
      logger,
    });
    const platform = await starting;
    web = await startWebApp(platform, ports, logger);
    if (observe) {
      prometheus = await startLocalPrometheus(ports, logger);
      // Not supervised: without it `--observe` has nothing to show, so say so by stopping.
      void prometheus.exited.then(() => void stopAndExit(1));
    }
    printBanner(platform, ports, config, logger, observe, web);
  } catch (error) {
    logger.fatal({ err: error }, (error as Error).message);
    await stopAndExit(1);
  }
}

/** The web app and the API on one origin, as the ALB serves them; only once the app is built. */
async function startWebApp(
  { stack }: LocalPlatform,
  ports: ServicePorts,
  logger: Logger,
): Promise<WebGateway | undefined> {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    logger.warn(
      `the web app is not built (no ${path.relative(process.cwd(), WEB_DIST)}/index.html): ` +
        `build it (npm run build -w web), then npm start again to get it on http://localhost:${WEB_PORT}`,
    );
    return undefined;
  }
  return startWebGateway({
    port: WEB_PORT,
    apiUrl: `http://127.0.0.1:${ports.api}`,
    adminUrl: `http://127.0.0.1:${ports.admin}`,
    webRoot: WEB_DIST,
    mediaOrigin: stack.endpoints.aws,
  });
}

/** Prometheus on :9090 scraping the services, with the same alert rules as the chart. */
function startLocalPrometheus(ports: ServicePorts, logger: Logger): Promise<LocalPrometheus> {
  return startPrometheus({
    port: 9090,
    dataDir: localDir('prometheus'),
    targets: [
      { job: 'api', address: `127.0.0.1:${ports.api}` },
      { job: 'admin', address: `127.0.0.1:${ports.admin}` },
      ...ports.transcoders.map((port) => ({ job: 'transcoder', address: `127.0.0.1:${port}` })),
      { job: 'events', address: `127.0.0.1:${ports.events}` },
    ],
    interval: '5s',
    logger: logger.child({ component: 'prometheus' }),
  });
}

function printBanner(
  { stack }: LocalPlatform,
  ports: ServicePorts,
  config: LocalConfig,
  logger: Logger,
  observe: boolean,
  web: WebGateway | undefined,
): void {
  const workers = ports.transcoders.map((port) => `http://localhost:${port}`).join(', ');
  logger.info(
    [
      'VideoForge is up (Ctrl-C stops everything):',
      web
        ? `  web app            ${web.url}   (/api/admin/* -> admin, /api/* -> api, as the ALB does)`
        : `  web app            not built: npm run build -w web, then npm start (serves it on :${WEB_PORT})`,
      `  api                http://localhost:${ports.api}   (try: curl localhost:${ports.api}/healthz)`,
      `  admin              http://localhost:${ports.admin}/api/admin/*   (admin group only; docs/api.md "Admin")`,
      `  transcoder         ${workers}   (/healthz, /metrics; ${ports.transcoders.length} worker${ports.transcoders.length === 1 ? '' : 's'}: LOCAL_TRANSCODERS)`,
      `  S3 + SQS emulator  ${stack.endpoints.aws}   bucket ${stack.env.S3_BUCKET}`,
      `  DynamoDB emulator  ${stack.endpoints.dynamodb}   table ${stack.env.DYNAMODB_TABLE}`,
      `  Cognito emulator   ${stack.endpoints.cognito}   pool ${stack.env.COGNITO_USER_POOL_ID}`,
      `  memcached          ${stack.endpoints.memcached ?? 'not running: cache off'}`,
      stack.endpoints.redis
        ? `  events             http://localhost:${ports.events}   (/healthz, /metrics; webhooks and maintenance on Redis ${stack.endpoints.redis})`
        : '  events             not running: no redis-server (apt-get install redis-server)',
      `  admin account      ${config.adminEmail} / LOCAL_ADMIN_PASSWORD${config.adminPasswordIsDefault ? ` (default: ${config.adminPassword})` : ''}`,
      ...(observe
        ? [
            '  prometheus         http://localhost:9090   (alerts: /alerts; Grafana: docs/local-development.md)',
          ]
        : []),
      '  crashed services are restarted with back-off (1 s, 2 s, 4 s … 30 s)',
      '  walk-through       docs/local-development.md "Try it with curl", or: npm run demo',
    ].join('\n'),
  );
}

await main();
