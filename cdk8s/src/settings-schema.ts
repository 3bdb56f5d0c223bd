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

/** A list passed through to Kubernetes as it is (env entries, tolerations, …). */
export interface ListSchema {
  readonly type: 'array';
  readonly description: string;
  readonly items: { readonly type: 'object' };
}
/**
 * A map passed through as it is: string values (labels, annotations, nodeSelector) or any
 * (affinity). The one place the schema lets unknown keys in.
 */
export interface MapSchema {
  readonly type: 'object';
  readonly description: string;
  readonly additionalProperties: { readonly type: 'string' } | true;
}

export type SchemaFor<T> = T extends string
  ? StringSchema
  : T extends number
    ? IntegerSchema
    : T extends boolean
      ? BooleanSchema
      : T extends readonly unknown[]
        ? ListSchema
        : string extends keyof T
          ? MapSchema
          : ObjectSchema<T>;

/** Any node of the schema, for code that walks it. */
export type JsonSchema =
  StringSchema | IntegerSchema | BooleanSchema | AnyObjectSchema | ListSchema | MapSchema;

/** A pass-through list or map: the chart hands it to Kubernetes as it is. */
export function isPassThrough(schema: JsonSchema): schema is ListSchema | MapSchema {
  return schema.type === 'array' || (schema.type === 'object' && !('properties' in schema));
}
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
const list = (description: string): ListSchema => ({
  type: 'array',
  description,
  items: { type: 'object' },
});
const stringMap = (description: string): MapSchema => ({
  type: 'object',
  description,
  additionalProperties: { type: 'string' },
});
const anyMap = (description: string): MapSchema => ({
  type: 'object',
  description,
  additionalProperties: true,
});
/** A pattern that also accepts the empty string (the value is then required by a condition). */
const orEmpty = (pattern: string) => `^(${pattern.replace(/^\^/, '').replace(/\$$/, '')})?$`;
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
    digest: str('sha256:<digest>: when set the image is repository@digest (the tag is ignored)', {
      pattern: '^(sha256:[a-f0-9]{64})?$',
    }),
  });

/** The escape hatches of every workload (bitnami / prometheus-community conventions). */
const podExtras = (service: string) => ({
  extraEnv: list(
    `More env entries of the ${service} container, after the chart's (a same-named one wins)`,
  ),
  extraEnvFrom: list(
    `More envFrom sources of the ${service} container, after the chart's ConfigMap and Secret`,
  ),
  podAnnotations: stringMap(`Annotations of the ${service} pods (the chart's checksum/* win)`),
  podLabels: stringMap(
    `Labels of the ${service} pods (the chart's labels win: selectors keep matching)`,
  ),
  nodeSelector: stringMap(`nodeSelector of the ${service} pods`),
  tolerations: list(`Tolerations of the ${service} pods`),
  affinity: anyMap(`Affinity of the ${service} pods`),
  topologySpreadConstraints: list(`topologySpreadConstraints of the ${service} pods`),
});

const resources = (defaults: string) =>
  obj(`Requests = limits (Fargate sizes the pod from them). ${defaults}`, {
    cpu: required('CPU quantity, e.g. 500m', { pattern: CPU }),
    memory: required('Memory quantity, e.g. 1Gi', { pattern: BYTES }),
  });

const replicas = (what: string) => int(`${what} replica count (HPA: at least 1)`, 1, 100);
const percent = (what: string) =>
  int(`Target average ${what} utilisation, % of the request`, 1, 100);

/** Checked against Values by the compiler: a missing or mistyped key does not compile. */
export const valuesSchema: SchemaFor<Values> = obj('VideoForge Helm values', {
  nameOverride: str('Replaces the chart name in app.kubernetes.io/name and object names', {
    pattern: '^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$',
  }),
  fullnameOverride: str(
    'Replaces the object-name prefix (default <release>-videoforge, or <release> when it contains videoforge)',
    {
      pattern: '^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$',
    },
  ),
  imagePullSecrets: list('Pull secrets of every pod, e.g. [{name: ecr-pull}]'),
  imagePullPolicy: oneOf('Pull policy of every image', ['IfNotPresent', 'Always', 'Never']),
  logLevel: oneOf('LOG_LEVEL of every service', [
    'fatal',
    'error',
    'warn',
    'info',
    'debug',
    'trace',
  ]),
  namespace: obj('The release namespace', {
    create: bool(
      'Render the Namespace labelled elbv2.k8s.aws/pod-readiness-gate-inject=enabled (GitOps, helm template | kubectl apply). helm install needs an existing namespace: label it instead (docs/helm-chart.md)',
    ),
  }),
  irsa: obj('IAM roles for service accounts (EKS)', {
    enabled: bool(
      'Each ServiceAccount carries its role; every <component>.roleArn is then required',
    ),
  }),
  http: obj(
    'Shutdown of the api and admin pods. No preStop hook: on SIGTERM the service fails /readyz and keeps serving (Connection: close) for drainSeconds while the ALB deregisters it, then gives requests in flight 10 s',
    {
      drainSeconds: int(
        'SHUTDOWN_DRAIN_SECONDS: serving after SIGTERM, at least ingress.deregistrationDelaySeconds',
        0,
        300,
      ),
      terminationGracePeriodSeconds: int('Pod grace period, more than drainSeconds + 10', 1, 3600),
    },
  ),
  aws: obj('AWS resources the services use (outputs of the AWS stack)', {
    region: required('AWS region', { pattern: '^[a-z]{2}(-[a-z]+)+-[0-9]$' }),
    bucket: required('S3 bucket for videos (AWS stack output BucketName)', {
      pattern: '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
    }),
    jobsQueueUrl: required('SQS jobs queue URL', { pattern: URL }),
    dlqUrl: required('SQS dead-letter queue URL', { pattern: URL }),
    table: required('DynamoDB table name', { pattern: '^[A-Za-z0-9_.-]{3,255}$' }),
    memcachedServers: str('Memcached host:port[,host:port]; empty turns the cache off', {
      pattern: NO_QUOTES,
    }),
  }),
  api: obj('Video API', {
    image: image('api'),
    ...podExtras('api'),
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
    ...podExtras('admin'),
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
    ...podExtras('transcoder'),
    resources: obj('Requests = limits. Default 1 / 2Gi / 30Gi ephemeral storage.', {
      cpu: required('CPU quantity', { pattern: CPU }),
      memory: required('Memory quantity', { pattern: BYTES }),
      ephemeralStorage: required('Ephemeral storage quantity (Fargate: up to 175Gi)', {
        pattern: BYTES,
      }),
    }),
    scratchSizeLimit: required('Size limit of the ffmpeg scratch emptyDir', { pattern: BYTES }),
    scaling: obj('KEDA ScaledObject (aws-sqs-queue trigger)', {
      minReplicas: int('Minimum replica count (0 = scale to zero)', 0, 100),
      maxReplicas: int('Maximum replica count', 1, 100),
      queueLength: int('Target messages (visible + in flight) per worker', 1),
      activationQueueLength: int('Messages needed to scale up from zero', 0),
      pollingIntervalSeconds: int('How often KEDA reads the queue, seconds', 1),
      cooldownSeconds: int('Idle seconds before scaling back to zero', 0),
      authentication: oneOf('irsa (EKS) or secret (static keys from the app Secret)', [
        'irsa',
        'secret',
      ]),
      roleArn: str('Scaler-only IAM role KEDA assumes (sqs:GetQueueAttributes on the jobs queue)', {
        pattern: ROLE_ARN,
      }),
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
    roleArn: str('IRSA role ARN of the transcoder ServiceAccount', {
      pattern: ROLE_ARN,
    }),
  }),
  events: obj('Events service: outbox relay, webhook deliveries and maintenance on BullMQ', {
    image: image('events'),
    ...podExtras('events'),
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
      host: str(
        'Primary endpoint host (AWS stack output RedisPrimaryEndpoint); required with External Secrets',
        { pattern: orEmpty('^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$') },
      ),
      port: int('Port (AWS stack output RedisPort)', 1, 65_535),
      authSecret: str(
        'Secrets Manager secret (name or ARN) with the AUTH token, JSON {"token"} (AWS stack output RedisAuthSecretName); required with External Secrets',
        { pattern: orEmpty(SECRET_ID) },
      ),
    },
  ),
  ingress: obj('ALB Ingress (AWS Load Balancer Controller)', {
    enabled: bool('Create the Ingress'),
    host: str('Public host name (required when enabled)', {
      pattern: orEmpty('^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$'),
    }),
    certificateArn: str('ACM certificate ARN for HTTPS (required when enabled)', {
      pattern: orEmpty('^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$'),
    }),
    groupName: required('ALB group name', { pattern: '^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$' }),
    scheme: oneOf('ALB scheme', ['internet-facing', 'internal']),
    deregistrationDelaySeconds: int(
      'Target group deregistration_delay.timeout_seconds, at most http.drainSeconds',
      0,
      3600,
    ),
    annotations: stringMap("More Ingress annotations, merged over the chart's"),
    admin: obj('The admin routes (/api/admin) on a separate ALB', {
      separate: bool(
        'Serve /api/admin from a second Ingress (own ALB group) instead of the public one',
      ),
      scheme: oneOf('Scheme of the admin ALB', ['internal', 'internet-facing']),
      inboundCidrs: required(
        'alb.ingress.kubernetes.io/inbound-cidrs of the admin ALB, comma-separated',
        {
          pattern: '^[0-9a-fA-F.:]+/[0-9]{1,3}(,\\s*[0-9a-fA-F.:]+/[0-9]{1,3})*$',
        },
      ),
    }),
  }),
  monitoring: obj('Prometheus Operator objects and Grafana dashboards', {
    enabled: bool('Create ServiceMonitors, PrometheusRule and dashboard ConfigMaps'),
    prometheusRelease: required(
      'kube-prometheus-stack release name (the `release` label it selects)',
      { pattern: NO_QUOTES },
    ),
    scrapeInterval: required('Scrape interval', { pattern: DURATION }),
  }),
  networkPolicies: obj(
    'Default-deny NetworkPolicies plus the allows each workload needs. Fargate does not enforce NetworkPolicies: enable only where the CNI does (docs/security-eks.md)',
    {
      enabled: bool('Render the NetworkPolicies'),
      monitoringNamespace: required('Namespace of Prometheus, allowed to reach the metrics ports', {
        pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$',
      }),
      kubernetesApiPort: int(
        'Port of the Kubernetes API endpoints (EKS 443, kind 6443)',
        1,
        65_535,
      ),
    },
  ),
  externalSecrets: obj(
    'External Secrets Operator: Parameter Store -> the app Secret, Secrets Manager -> the api signing keys and the Redis URL',
    {
      enabled: bool('Create the SecretStores and ExternalSecrets'),
      parameterPrefix: str(
        'Parameter Store path prefix, e.g. /videoforge/prod (required when enabled)',
        {
          pattern: orEmpty('^(/[A-Za-z0-9_.-]+)+$'),
        },
      ),
      playbackSigningSecret: str(
        'Secrets Manager secret (name or ARN) with the HLS signing keys, JSON {"current","previous"} (AWS stack output PlaybackSigningSecretName; required when enabled)',
        { pattern: orEmpty(SECRET_ID) },
      ),
      refreshInterval: required('Refresh interval (a rotated key reaches the Secret within it)', {
        pattern: DURATION,
      }),
      roleArn: str('IRSA role ARN the SecretStores use (required when enabled)', {
        pattern: ROLE_ARN,
      }),
    },
  ),
});
