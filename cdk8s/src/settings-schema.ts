import type { Values } from './settings.ts';

/**
 * JSON Schema of the Helm values (written to values.schema.json; Helm checks every install,
 * upgrade, lint and template against it). `SchemaFor<Values>` makes the compiler hold it to the
 * Settings type: a missing, extra or mistyped key does not compile.
 */
export interface StringSchema {
  readonly type: 'string';
  readonly description: string;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
}
export interface IntegerSchema {
  readonly type: 'integer';
  readonly description: string;
  readonly minimum?: number;
  readonly maximum?: number;
}
export interface BooleanSchema {
  readonly type: 'boolean';
  readonly description: string;
}
export interface ObjectSchema<T> {
  readonly type: 'object';
  readonly description: string;
  readonly additionalProperties: false;
  readonly required: readonly string[];
  readonly properties: { readonly [K in keyof T]-?: SchemaFor<T[K]> };
}

export type SchemaFor<T> = T extends string
  ? StringSchema
  : T extends number
    ? IntegerSchema
    : T extends boolean
      ? BooleanSchema
      : ObjectSchema<T>;

/** Any node of the schema, for code that walks it. */
export type JsonSchema = StringSchema | IntegerSchema | BooleanSchema | AnyObjectSchema;
export interface AnyObjectSchema {
  readonly type: 'object';
  readonly description: string;
  readonly additionalProperties: false;
  readonly required: readonly string[];
  readonly properties: Readonly<Record<string, JsonSchema>>;
}

const str = (description: string, extra: Partial<StringSchema> = {}): StringSchema => ({
  type: 'string',
  description,
  ...extra,
});
const required = (description: string, extra: Partial<StringSchema> = {}) =>
  str(description, { minLength: 1, ...extra });
const oneOf = <T extends string>(description: string, values: readonly T[]): StringSchema =>
  str(description, { enum: values });
const int = (description: string, minimum: number, maximum?: number): IntegerSchema =>
  maximum === undefined
    ? { type: 'integer', description, minimum }
    : { type: 'integer', description, minimum, maximum };
const bool = (description: string): BooleanSchema => ({ type: 'boolean', description });
function obj<P extends Record<string, JsonSchema>>(description: string, properties: P) {
  return {
    type: 'object' as const,
    description,
    additionalProperties: false as const,
    required: Object.keys(properties),
    properties,
  };
}

// Patterns keep values that end up inside YAML strings and names well-formed.
const CPU = '^([0-9]+m|[0-9]+(\\.[0-9]+)?)$';
const BYTES = '^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$';
const DURATION = '^([0-9]+(ms|s|m|h))+$';
const ROLE_ARN = '^(arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+)?$';
const URL = '^https?://[^\\s"]+$';
const NO_QUOTES = '^[^"\\\\]*$';
/** A Secrets Manager secret name, or its ARN. */
const SECRET_ID =
  '^(arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:)?[A-Za-z0-9/_+=.@-]{1,512}$';

const image = (service: string) =>
  obj(`Container image of the ${service}`, {
    repository: required(
      'Image repository, e.g. <account>.dkr.ecr.<region>.amazonaws.com/videoforge/' + service,
      { pattern: NO_QUOTES },
    ),
    tag: required('Image tag, or tag@sha256:<digest>', { pattern: NO_QUOTES }),
  });

const resources = (defaults: string) =>
  obj(`Requests = limits (Fargate sizes the pod from them). ${defaults}`, {
    cpu: required('CPU quantity, e.g. 500m', { pattern: CPU }),
    memory: required('Memory quantity, e.g. 1Gi', { pattern: BYTES }),
  });

const replicas = (what: string) => int(`${what} replica count`, 0, 100);
const percent = (what: string) =>
  int(`Target average ${what} utilisation, % of the request`, 1, 100);

/** Checked against Values by the compiler: a missing or mistyped key does not compile. */
export const valuesSchema: SchemaFor<Values> = obj('VideoForge Helm values', {
  imagePullPolicy: oneOf('Pull policy of every image', ['IfNotPresent', 'Always', 'Never']),
  logLevel: oneOf('LOG_LEVEL of every service', [
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
  ]),
  aws: obj('AWS resources the services use (outputs of the AWS stack)', {
    region: required('AWS region', { pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]$' }),
    bucket: required('S3 bucket for videos', { pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$' }),
    jobsQueueUrl: required('SQS jobs queue URL', { pattern: URL }),
    dlqUrl: required('SQS dead-letter queue URL', { pattern: URL }),
    table: required('DynamoDB table name', { pattern: '^[A-Za-z0-9_.-]{3,255}$' }),
    memcachedServers: str('Memcached host:port[,host:port]; empty turns the cache off', {
      pattern: NO_QUOTES,
    }),
  }),
  api: obj('Video API', {
    image: image('api'),
    resources: resources('Default 500m / 1Gi.'),
    autoscaling: obj('HorizontalPodAutoscaler', {
      minReplicas: replicas('Minimum'),
      maxReplicas: replicas('Maximum'),
      cpuUtilization: percent('CPU'),
      memoryUtilization: percent('memory'),
    }),
    roleArn: str('IRSA role ARN of the api ServiceAccount', { pattern: ROLE_ARN }),
    maxUploadBytes: int('Largest accepted upload, bytes', 1),
  }),
  admin: obj('Admin service', {
    image: image('admin'),
    resources: resources('Default 250m / 512Mi.'),
    autoscaling: obj('HorizontalPodAutoscaler', {
      minReplicas: replicas('Minimum'),
      maxReplicas: replicas('Maximum'),
      cpuUtilization: percent('CPU'),
    }),
    roleArn: str('IRSA role ARN of the admin ServiceAccount', { pattern: ROLE_ARN }),
  }),
  transcoder: obj('Transcode workers, scaled by KEDA on the jobs queue', {
    image: image('transcoder'),
    resources: obj('Requests = limits. Default 1 / 2Gi / 30Gi ephemeral storage.', {
      cpu: required('CPU quantity', { pattern: CPU }),
      memory: required('Memory quantity', { pattern: BYTES }),
      ephemeralStorage: required('Ephemeral storage quantity (Fargate: up to 175Gi)', {
        pattern: BYTES,
      }),
    }),
    scratchSizeLimit: required('Size limit of the ffmpeg scratch emptyDir', { pattern: BYTES }),
    scaling: obj('KEDA ScaledObject (aws-sqs-queue trigger)', {
      minReplicas: replicas('Minimum (0 = scale to zero)'),
      maxReplicas: int('Maximum replica count', 1, 100),
      queueLength: int('Target messages (visible + in flight) per worker', 1),
      activationQueueLength: int('Messages needed to scale up from zero', 0),
      pollingIntervalSeconds: int('How often KEDA reads the queue, seconds', 1),
      cooldownSeconds: int('Idle seconds before scaling back to zero', 0),
      authentication: oneOf('irsa (EKS) or secret (static keys from the app Secret)', [
        'irsa',
        'secret',
      ]),
      awsEndpoint: str('SQS endpoint for KEDA (emulators); empty means AWS', {
        pattern: '^(https?://[^\\s"]+)?$',
      }),
    }),
    terminationGracePeriodSeconds: int(
      'Seconds a worker gets after SIGTERM before it is killed',
      30,
      86_400,
    ),
    shutdownGraceSeconds: int(
      'SHUTDOWN_GRACE_SECONDS, below terminationGracePeriodSeconds',
      0,
      86_400,
    ),
    concurrency: int('Parallel jobs per worker', 1, 16),
    ffmpegPreset: oneOf('libx264 preset', [
      'ultrafast',
      'superfast',
      'veryfast',
      'faster',
      'fast',
      'medium',
      'slow',
    ]),
    roleArn: str('IRSA role ARN of the transcoder ServiceAccount (KEDA assumes it too)', {
      pattern: ROLE_ARN,
    }),
  }),
  events: obj('Events service: outbox relay, webhook deliveries and maintenance on BullMQ', {
    image: image('events'),
    resources: resources('Default 250m / 512Mi.'),
    autoscaling: obj('HorizontalPodAutoscaler', {
      minReplicas: int('Minimum replica count', 1, 100),
      maxReplicas: int('Maximum replica count', 1, 100),
      cpuUtilization: percent('CPU'),
    }),
    roleArn: str('IRSA role ARN of the events ServiceAccount', { pattern: ROLE_ARN }),
    pollMs: int('EVENTS_POLL_MS: how often the relay reads the DynamoDB outbox, ms', 50, 60_000),
    webhooks: obj('Webhook deliveries', {
      maxAttempts: int('WEBHOOK_MAX_ATTEMPTS: attempts before a delivery is FAILED', 1, 100),
      retryBaseSeconds: int('WEBHOOK_RETRY_BASE_SECONDS: first retry delay', 1, 86_400),
      retryMaxSeconds: int('WEBHOOK_RETRY_MAX_SECONDS: longest retry delay', 1, 604_800),
      disableAfterFailures: int(
        'WEBHOOK_DISABLE_AFTER_FAILURES: consecutive failures that disable a webhook',
        1,
        100_000,
      ),
      deliveryConcurrency: int(
        'WEBHOOK_DELIVERY_CONCURRENCY: deliveries in flight per pod',
        1,
        256,
      ),
    }),
    maintenance: obj('Scheduled maintenance (BullMQ job schedulers)', {
      abandonedUploadHours: int(
        'ABANDONED_UPLOAD_HOURS: age at which a never-uploaded video expires',
        1,
        8760,
      ),
      reconcileAfterSeconds: int(
        'RECONCILE_AFTER_SECONDS: age at which stuck work is requeued or dead-lettered',
        1,
        2_592_000,
      ),
      reconcileEverySeconds: int(
        'RECONCILE_EVERY_SECONDS: reconcile-stuck-work schedule',
        1,
        86_400,
      ),
      expireUploadsEverySeconds: int(
        'EXPIRE_UPLOADS_EVERY_SECONDS: expire-abandoned-uploads schedule',
        1,
        604_800,
      ),
    }),
  }),
  redis: obj(
    'BullMQ Redis (ElastiCache Valkey, TLS + AUTH). External Secrets writes <release>-redis (REDIS_URL) from these',
    {
      host: required('Primary endpoint host (AWS stack output RedisPrimaryEndpoint)', {
        pattern: '^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$',
      }),
      port: int('Port (AWS stack output RedisPort)', 1, 65_535),
      authSecret: required(
        'Secrets Manager secret (name or ARN) with the AUTH token, JSON {"token"} (AWS stack output RedisAuthSecretName)',
        { pattern: SECRET_ID },
      ),
    },
  ),
  ingress: obj('ALB Ingress (AWS Load Balancer Controller)', {
    enabled: bool('Create the Ingress'),
    host: required('Public host name', { pattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$' }),
    certificateArn: required('ACM certificate ARN for HTTPS', {
      pattern: '^arn:aws[a-z-]*:acm:[^\\s"]+$',
    }),
    groupName: required('ALB group name', { pattern: '^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$' }),
    scheme: oneOf('ALB scheme', ['internet-facing', 'internal']),
  }),
  monitoring: obj('Prometheus Operator objects and Grafana dashboards', {
    enabled: bool('Create ServiceMonitors, PrometheusRule and dashboard ConfigMaps'),
    prometheusRelease: required(
      'kube-prometheus-stack release name (the `release` label it selects)',
      { pattern: NO_QUOTES },
    ),
    scrapeInterval: required('Scrape interval', { pattern: DURATION }),
  }),
  externalSecrets: obj(
    'External Secrets Operator: Parameter Store -> the app Secret, Secrets Manager -> the api signing keys and the Redis URL',
    {
      enabled: bool('Create the SecretStores and ExternalSecrets'),
      parameterPrefix: required('Parameter Store path prefix, e.g. /videoforge/prod', {
        pattern: '^(/[A-Za-z0-9_.-]+)+$',
      }),
      playbackSigningSecret: required(
        'Secrets Manager secret (name or ARN) with the HLS signing keys, JSON {"current","previous"} (AWS stack output PlaybackSigningSecretName)',
        { pattern: SECRET_ID },
      ),
      refreshInterval: required('Refresh interval (a rotated key reaches the Secret within it)', {
        pattern: DURATION,
      }),
      roleArn: str('IRSA role ARN the SecretStores use', { pattern: ROLE_ARN }),
    },
  ),
});
