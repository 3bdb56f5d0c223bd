import { z } from 'zod';
import { env, parseEnv } from '@videoforge/platform';

/** Documented default of `npm start` too (docs/local-development.md "Try it with curl"); local development only. */
export const DEFAULT_ADMIN_PASSWORD = 'Local-Admin-Pass-1';

/** The public ports other pods use; the emulators listen on loopback at these plus 10000. */
export const PUBLIC_PORTS = { aws: 4566, dynamodb: 4569, cognito: 9229, memcached: 11211 } as const;
export const LOOPBACK_OFFSET = 10_000;

/** What the stack provisions (local/src/options.ts defaults; cdk8s/src/environments.ts LOCAL_STACK). */
export const LOCAL_NAMES = {
  bucket: 'videoforge-local',
  jobsQueue: 'videoforge-jobs',
  dlq: 'videoforge-jobs-dlq',
  table: 'videoforge-local',
  uploadsQueue: 'videoforge-uploads',
} as const;

export type KindStackConfig = ReturnType<typeof loadKindStackConfig>;

export function loadKindStackConfig(source: NodeJS.ProcessEnv) {
  const e = parseEnv(
    'local-stack',
    {
      LOG_LEVEL: env.logLevel(),
      LOCAL_ADMIN_PASSWORD: z.string().min(8).default(DEFAULT_ADMIN_PASSWORD),
      /** The Service name other pods reach this pod by. */
      SERVICE_HOST: z.string().min(1).default('videoforge-local-stack'),
      /** The app Secret the services load (`<release>-secrets`). */
      SECRET_NAME: z.string().min(1).default('videoforge-secrets'),
      POD_NAMESPACE: z.string().min(1).optional(),
      KUBERNETES_SERVICE_HOST: z.string().min(1).optional(),
      KUBERNETES_SERVICE_PORT: env.port(443),
      /** Answers 200 on GET /ready once the stack runs and the Secret is written. */
      READY_PORT: env.port(4580),
      DATA_DIR: z.string().min(1).default('/tmp/videoforge-local-stack'),
      /** Set (e.g. http://localstack:4566) to provision LocalStack instead of running the emulators. */
      LOCALSTACK_ENDPOINT: env.optionalUrl(),
      AWS_REGION: z.string().min(1).default('us-east-1'),
    },
    source,
  );
  return {
    logLevel: e.LOG_LEVEL,
    adminPassword: e.LOCAL_ADMIN_PASSWORD,
    serviceHost: e.SERVICE_HOST,
    secretName: e.SECRET_NAME,
    readyPort: e.READY_PORT,
    dataDir: e.DATA_DIR,
    region: e.AWS_REGION,
    adminEmail: 'admin@videoforge.local',
    localStackEndpoint: e.LOCALSTACK_ENDPOINT,
    // Outside a cluster (docker run) there is no API to publish the Secret to: print it instead.
    kubernetes:
      e.KUBERNETES_SERVICE_HOST && e.POD_NAMESPACE
        ? {
            host: e.KUBERNETES_SERVICE_HOST,
            port: e.KUBERNETES_SERVICE_PORT,
            namespace: e.POD_NAMESPACE,
          }
        : undefined,
  };
}
