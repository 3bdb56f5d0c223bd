import {
  DNS_LABEL,
  DURATION,
  flag,
  group,
  int,
  NO_QUOTES,
  oneOf,
  orEmpty,
  required,
  ROLE_ARN,
  SECRET_ID,
  stringMap,
  text,
  URL,
} from './fields.ts';

/**
 * The settings around the workloads: AWS resources, Redis, Ingress, monitoring, network policies
 * and External Secrets. No example account, bucket, queue, host, ARN or certificate in the
 * defaults: the AWS stack's outputs give them (values-aws.yaml, cdk8s/src/aws-values.ts) and the
 * chart refuses to install without them.
 */
const NAME = '^([a-z0-9]([a-z0-9-]*[a-z0-9])?)?$';

export const nameOverride = text(
  '',
  'Replaces the chart name in app.kubernetes.io/name and object names',
  NAME,
);
export const fullnameOverride = text(
  '',
  'Replaces the object-name prefix (default <release>-videoforge, or <release> when it contains videoforge)',
  NAME,
);

export const namespace = group('The release namespace', {
  create: flag(
    false,
    'Render the Namespace labelled elbv2.k8s.aws/pod-readiness-gate-inject=enabled (GitOps, helm template | kubectl apply). helm install needs an existing namespace: label it instead (docs/helm-chart.md)',
  ),
});

export const irsa = group('IAM roles for service accounts (EKS)', {
  enabled: flag(
    true,
    'Each ServiceAccount carries its role; every <component>.roleArn is then required',
  ),
});

/** No preStop hook: the services drain themselves (packages/http listen.ts). */
export const http = group(
  'Shutdown of the api and admin pods. No preStop hook: on SIGTERM the service fails /readyz and keeps serving (Connection: close) for drainSeconds while the ALB deregisters it, then gives requests in flight 10 s',
  {
    drainSeconds: int(
      15,
      'SHUTDOWN_DRAIN_SECONDS: serving after SIGTERM, at least ingress.deregistrationDelaySeconds',
      0,
      300,
    ),
    terminationGracePeriodSeconds: int(
      30,
      'Pod grace period, more than drainSeconds + 10',
      1,
      3600,
    ),
  },
);

export const aws = group('AWS resources the services use (outputs of the AWS stack)', {
  region: required('us-east-1', 'AWS region', '^[a-z]{2}(-[a-z]+)+-[0-9]$'),
  bucket: required(
    '',
    'S3 bucket for videos (AWS stack output BucketName)',
    '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$',
  ),
  jobsQueueUrl: required('', 'SQS jobs queue URL', URL),
  dlqUrl: required('', 'SQS dead-letter queue URL', URL),
  table: required('', 'DynamoDB table name', '^[A-Za-z0-9_.-]{3,255}$'),
  memcachedServers: text(
    '',
    'Memcached host:port[,host:port]; empty turns the cache off',
    NO_QUOTES,
  ),
});

/**
 * Where BullMQ's Redis is (ElastiCache Valkey, TLS + AUTH token). Without External Secrets (kind)
 * the `<release>-redis` Secret comes from elsewhere.
 */
export const redis = group(
  'BullMQ Redis (ElastiCache Valkey, TLS + AUTH). External Secrets writes <release>-redis (REDIS_URL) from these',
  {
    host: text(
      '',
      'Primary endpoint host (AWS stack output RedisPrimaryEndpoint); required with External Secrets',
      orEmpty('^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$'),
    ),
    port: int(6379, 'Port (AWS stack output RedisPort)', 1, 65_535),
    authSecret: text(
      '',
      'Secrets Manager secret (name or ARN) with the AUTH token, JSON {"token"} (AWS stack output RedisAuthSecretName); required with External Secrets',
      orEmpty(SECRET_ID),
    ),
  },
);

export const ingress = group('ALB Ingress (AWS Load Balancer Controller)', {
  enabled: flag(true, 'Create the Ingress'),
  host: text(
    '',
    'Public host name (required when enabled)',
    orEmpty('^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$'),
  ),
  certificateArn: text(
    '',
    'ACM certificate ARN for HTTPS (required when enabled)',
    orEmpty('^arn:aws[a-z-]*:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]+$'),
  ),
  groupName: required('videoforge', 'ALB group name', '^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$'),
  scheme: oneOf('internet-facing', 'ALB scheme', ['internet-facing', 'internal']),
  // At most http.drainSeconds, so the ALB is done with a pod while it still serves.
  deregistrationDelaySeconds: int(
    15,
    'Target group deregistration_delay.timeout_seconds, at most http.drainSeconds',
    0,
    3600,
  ),
  annotations: stringMap("More Ingress annotations, merged over the chart's"),
  admin: group('The admin routes (/api/admin) on a separate ALB', {
    separate: flag(
      false,
      'Serve /api/admin from a second Ingress (own ALB group) instead of the public one',
    ),
    scheme: oneOf('internal', 'Scheme of the admin ALB', ['internal', 'internet-facing']),
    inboundCidrs: required(
      '0.0.0.0/0',
      'alb.ingress.kubernetes.io/inbound-cidrs of the admin ALB, comma-separated',
      '^[0-9a-fA-F.:]+/[0-9]{1,3}(,\\s*[0-9a-fA-F.:]+/[0-9]{1,3})*$',
    ),
  }),
});

export const monitoring = group('Prometheus Operator objects and Grafana dashboards', {
  enabled: flag(true, 'Create ServiceMonitors, PrometheusRule and dashboard ConfigMaps'),
  prometheusRelease: required(
    'kube-prometheus-stack',
    'kube-prometheus-stack release name (the `release` label it selects)',
    NO_QUOTES,
  ),
  scrapeInterval: required('30s', 'Scrape interval', DURATION),
});

/** Fargate pods do not enforce NetworkPolicies, hence the default false. */
export const networkPolicies = group(
  'Default-deny NetworkPolicies plus the allows each workload needs. Fargate does not enforce NetworkPolicies: enable only where the CNI does (docs/security-eks.md)',
  {
    enabled: flag(false, 'Render the NetworkPolicies'),
    monitoringNamespace: required(
      'monitoring',
      'Namespace of Prometheus, allowed to reach the metrics ports',
      DNS_LABEL,
    ),
    kubernetesApiPort: int(
      443,
      'Port of the Kubernetes API endpoints (EKS 443, kind 6443)',
      1,
      65_535,
    ),
  },
);

/**
 * When disabled, create the Secrets yourself: `<release>-secrets` (Cognito ids),
 * `<release>-api-secrets` (PLAYBACK_SIGNING_SECRET, optionally PLAYBACK_SIGNING_SECRET_PREVIOUS)
 * and `<release>-redis` (REDIS_URL; kind/redis.yaml makes it on kind).
 */
export const externalSecrets = group(
  'External Secrets Operator: Parameter Store -> the app Secret, Secrets Manager -> the api signing keys and the Redis URL',
  {
    enabled: flag(true, 'Create the SecretStores and ExternalSecrets'),
    parameterPrefix: text(
      '',
      'Parameter Store path prefix, e.g. /videoforge/prod (required when enabled)',
      orEmpty('^(/[A-Za-z0-9_.-]+)+$'),
    ),
    playbackSigningSecret: text(
      '',
      'Secrets Manager secret (name or ARN) with the HLS signing keys, JSON {"current","previous"} (AWS stack output PlaybackSigningSecretName; required when enabled)',
      orEmpty(SECRET_ID),
    ),
    refreshInterval: required(
      '1h',
      'Refresh interval (a rotated key reaches the Secret within it)',
      DURATION,
    ),
    roleArn: text('', 'IRSA role ARN the SecretStores use (required when enabled)', ROLE_ARN),
  },
);
