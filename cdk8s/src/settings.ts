import rootPackage from '../../package.json' with { type: 'json' };

/**
 * The one typed settings object behind every manifest. `npm run synth` renders the defaults (and
 * the EKS and kind overrides in environments.ts); the Helm chart is generated from the same
 * constructs, with every field below `release` turned into a value of the same path (values.yaml is
 * `defaultValues`, values.schema.json is `valuesSchema`). Ports, paths and metric names are not
 * settings: they are the services' contract and live as constants in the constructs.
 */
export interface Settings {
  /** Where the objects go. In the chart these are `.Release.*` / `.Chart.*`, never values. */
  readonly release: ReleaseSettings;
  /** Replaces the chart name in `app.kubernetes.io/name` and in object names. Default empty. */
  readonly nameOverride: string;
  /** Replaces the whole object-name prefix (`<release>-<chart>`, or `<release>` when it contains the chart name). Default empty. */
  readonly fullnameOverride: string;
  /** Pull secrets of every pod (`[{name: …}]`). Default none. */
  readonly imagePullSecrets: readonly KubeObject[];
  readonly imagePullPolicy: 'IfNotPresent' | 'Always' | 'Never';
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  readonly namespace: NamespaceSettings;
  readonly irsa: IrsaSettings;
  readonly http: HttpShutdownSettings;
  readonly aws: AwsSettings;
  readonly api: ApiSettings;
  readonly admin: AdminSettings;
  readonly transcoder: TranscoderSettings;
  readonly events: EventsSettings;
  readonly redis: RedisSettings;
  readonly ingress: IngressSettings;
  readonly monitoring: MonitoringSettings;
  readonly networkPolicies: NetworkPolicySettings;
  readonly externalSecrets: ExternalSecretsSettings;
}

/** What Helm owns: the values a release gets from `helm install <name> -n <namespace>`. */
export type Values = Omit<Settings, 'release'>;

export interface ReleaseSettings {
  /** The release name: `app.kubernetes.io/instance`. Default `videoforge`. */
  readonly name: string;
  /**
   * Prefix of every object name, derived like Helm charts do (`releaseNames`): the
   * fullnameOverride, else the release name when it contains the chart name, else
   * `<release>-<chart>`. Default `videoforge`.
   */
  readonly fullname: string;
  /** `app.kubernetes.io/name`: the chart name, or nameOverride. Default `videoforge`. */
  readonly chartName: string;
  /** `helm.sh/chart`: `<chart>-<chart version>`. */
  readonly chart: string;
  /** Default `videoforge`. */
  readonly namespace: string;
  /** `app.kubernetes.io/managed-by`: `cdk8s` for `npm run synth`, `Helm` in the chart. */
  readonly managedBy: string;
  /** `app.kubernetes.io/version`; the root package.json version. */
  readonly appVersion: string;
}

export interface ImageSettings {
  readonly repository: string;
  /** A tag, or `tag@sha256:…` to pin a digest. Default: the app version. */
  readonly tag: string;
  /** `sha256:…`: when set the image is `repository@digest` and the tag is ignored. Default empty. */
  readonly digest: string;
}

/** A Kubernetes object fragment passed through as it is (env entries, tolerations, …). */
export type KubeObject = { readonly [key: string]: unknown };

/**
 * Escape hatches every workload takes (the conventions of bitnami and prometheus-community
 * charts). They are passed to the pod as they are; the Kubernetes API validates them.
 */
export interface PodExtras {
  /** More container `env` entries, after the chart's (a same-named one wins). Default none. */
  readonly extraEnv: readonly KubeObject[];
  /** More container `envFrom` sources, after the chart's ConfigMap and Secret. Default none. */
  readonly extraEnvFrom: readonly KubeObject[];
  /** Pod annotations (the chart's checksum annotations win). Default none. */
  readonly podAnnotations: Readonly<Record<string, string>>;
  /** Pod labels (the chart's labels win: selectors must keep matching). Default none. */
  readonly podLabels: Readonly<Record<string, string>>;
  readonly nodeSelector: Readonly<Record<string, string>>;
  readonly tolerations: readonly KubeObject[];
  readonly affinity: KubeObject;
  readonly topologySpreadConstraints: readonly KubeObject[];
}

export interface NamespaceSettings {
  /**
   * Render the release Namespace, labelled `elbv2.k8s.aws/pod-readiness-gate-inject: enabled`
   * (for `helm template | kubectl apply` and GitOps tools, which create it first; `helm install`
   * needs the namespace to exist already: label it instead, docs/helm-chart.md). Default false.
   */
  readonly create: boolean;
}

export interface IrsaSettings {
  /** Each workload's ServiceAccount carries an IAM role (EKS); its roleArn is then required. Default true. */
  readonly enabled: boolean;
}

/**
 * How api and admin pods stop (no preStop hook: the services drain themselves). On SIGTERM a pod
 * fails /readyz at once and keeps serving for `drainSeconds` with `Connection: close` while the ALB
 * deregisters it, then gives requests in flight up to 10 s (packages/http listen.ts).
 */
export interface HttpShutdownSettings {
  /** SHUTDOWN_DRAIN_SECONDS. Default 15. */
  readonly drainSeconds: number;
  /** Must exceed drainSeconds + 10. Default 30. */
  readonly terminationGracePeriodSeconds: number;
}

/** Requests and limits are the same number: on Fargate the pod size is what the pod requests. */
export interface ResourceSettings {
  /** Kubernetes CPU quantity, e.g. `500m` or `1`. */
  readonly cpu: string;
  /** Kubernetes memory quantity, e.g. `1Gi`. */
  readonly memory: string;
}

export interface AwsSettings {
  /** Default `us-east-1`. */
  readonly region: string;
  /** The videos bucket (`raw/`, `transcoded/`, `hls/`, `thumbnails/`). */
  readonly bucket: string;
  readonly jobsQueueUrl: string;
  readonly dlqUrl: string;
  /** The DynamoDB single table. */
  readonly table: string;
  /** ElastiCache Memcached `host:port[,host:port]`; empty turns the cache off. Default empty. */
  readonly memcachedServers: string;
}

export interface HttpAutoscaling {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilisation (% of the request) the HPA keeps. Default 70. */
  readonly cpuUtilization: number;
}

export interface ApiSettings extends PodExtras {
  readonly image: ImageSettings;
  /** Default 500m / 1Gi (SPEC). */
  readonly resources: ResourceSettings;
  /** Default 2–5 replicas on CPU 70 % and memory 80 %. */
  readonly autoscaling: HttpAutoscaling & { readonly memoryUtilization: number };
  /** IRSA role of the api ServiceAccount. */
  readonly roleArn: string;
  /** Larger uploads answer 413. Default 5 GiB. */
  readonly maxUploadBytes: number;
}

export interface AdminSettings extends PodExtras {
  readonly image: ImageSettings;
  /** Default 250m / 512Mi (SPEC). */
  readonly resources: ResourceSettings;
  /** Default 1–3 replicas on CPU 70 %. */
  readonly autoscaling: HttpAutoscaling;
  readonly roleArn: string;
}

export interface TranscoderSettings extends PodExtras {
  readonly image: ImageSettings;
  /** Default 1 / 2Gi (SPEC) and 30Gi of ephemeral storage (Fargate gives 20 GiB unless asked). */
  readonly resources: ResourceSettings & { readonly ephemeralStorage: string };
  /** Size limit of the ffmpeg scratch `emptyDir`. Default 25Gi. */
  readonly scratchSizeLimit: string;
  readonly scaling: TranscoderScaling;
  /**
   * How long Kubernetes waits after SIGTERM before killing a worker. It must cover a long job:
   * KEDA may stop any worker on scale-in and a rollout stops all of them. Default 3600.
   */
  readonly terminationGracePeriodSeconds: number;
  /** SHUTDOWN_GRACE_SECONDS: how long running jobs may finish after SIGTERM. Must be below the above. Default 3540. */
  readonly shutdownGraceSeconds: number;
  /** Parallel jobs per pod. Default 1 (ffmpeg already uses every core). */
  readonly concurrency: number;
  /** libx264 preset. Default `veryfast`. */
  readonly ffmpegPreset:
    'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium' | 'slow';
  /** IRSA role of the transcoder ServiceAccount (AWS stack output TranscoderRoleArn). */
  readonly roleArn: string;
}

export interface TranscoderScaling {
  /** Default 0: no worker while the queue is empty. */
  readonly minReplicas: number;
  /** Default 10. */
  readonly maxReplicas: number;
  /** Target messages (visible + in flight) per worker. Default 1, matching a concurrency of 1. */
  readonly queueLength: number;
  /** Messages needed to wake up from zero. Default 0 (any message). */
  readonly activationQueueLength: number;
  /** How often KEDA reads the queue, seconds. Default 15. */
  readonly pollingIntervalSeconds: number;
  /** Idle time before scaling back to zero, seconds. Default 300. */
  readonly cooldownSeconds: number;
  /**
   * How KEDA authenticates to SQS: `irsa` (EKS: the operator assumes `roleArn` with its own web
   * identity) or `secret` (static keys from the app Secret: kind and LocalStack). Default `irsa`.
   */
  readonly authentication: 'irsa' | 'secret';
  /**
   * The scaler-only role KEDA's operator assumes (AWS stack output KedaScalerRoleArn): only
   * sqs:GetQueueAttributes on the jobs queue. Required when `authentication` is `irsa`.
   */
  readonly roleArn: string;
  /** SQS endpoint for KEDA (emulators, LocalStack); empty means AWS. Default empty. */
  readonly awsEndpoint: string;
}

export interface EventsSettings extends PodExtras {
  readonly image: ImageSettings;
  /** Default 250m / 512Mi (SPEC). */
  readonly resources: ResourceSettings;
  /** Default 1–3 replicas on CPU 70 % (SPEC: "backlog or CPU"). */
  readonly autoscaling: HttpAutoscaling;
  /** IRSA role of the events ServiceAccount (AWS stack output EventsRoleArn). */
  readonly roleArn: string;
  /** EVENTS_POLL_MS: how often the relay reads the DynamoDB outbox (GSI2). Default 1000. */
  readonly pollMs: number;
  readonly webhooks: WebhookDeliverySettings;
  readonly maintenance: MaintenanceSettings;
}

export interface WebhookDeliverySettings {
  /** WEBHOOK_MAX_ATTEMPTS: attempts per delivery before it is FAILED. Default 12. */
  readonly maxAttempts: number;
  /** WEBHOOK_RETRY_BASE_SECONDS: first retry delay (exponential backoff). Default 30. */
  readonly retryBaseSeconds: number;
  /** WEBHOOK_RETRY_MAX_SECONDS: longest retry delay. Default 21600 (6 h). */
  readonly retryMaxSeconds: number;
  /** WEBHOOK_DISABLE_AFTER_FAILURES: consecutive failed deliveries that disable a webhook. Default 50. */
  readonly disableAfterFailures: number;
  /** WEBHOOK_DELIVERY_CONCURRENCY: deliveries in flight per pod. Default 16. */
  readonly deliveryConcurrency: number;
}

export interface MaintenanceSettings {
  /** ABANDONED_UPLOAD_HOURS: a PENDING_UPLOAD video older than this is expired. Default 24. */
  readonly abandonedUploadHours: number;
  /** RECONCILE_AFTER_SECONDS: work stuck this long is requeued or dead-lettered. Default 900. */
  readonly reconcileAfterSeconds: number;
  /** RECONCILE_EVERY_SECONDS: schedule of reconcile-stuck-work. Default 300. */
  readonly reconcileEverySeconds: number;
  /** EXPIRE_UPLOADS_EVERY_SECONDS: schedule of expire-abandoned-uploads. Default 3600. */
  readonly expireUploadsEverySeconds: number;
}

/**
 * Where BullMQ's Redis is (ElastiCache Valkey, TLS + AUTH token, AWS stack outputs). The External
 * Secret builds `<release>-redis` (REDIS_URL=rediss://:<token>@host:port) from these and the token
 * in Secrets Manager; without External Secrets (kind) that Secret comes from elsewhere.
 */
export interface RedisSettings {
  /** Primary endpoint of the replication group (AWS stack output RedisPrimaryEndpoint). */
  readonly host: string;
  /** Default 6379. */
  readonly port: number;
  /**
   * Secrets Manager secret (name or ARN) with the AUTH token, JSON `{"token"}` (AWS stack output
   * RedisAuthSecretName). Default `videoforge/prod/redis-auth`.
   */
  readonly authSecret: string;
}

export interface IngressSettings {
  /** One ALB for the api and admin services. Default true. */
  readonly enabled: boolean;
  readonly host: string;
  /** ACM certificate for HTTPS 443. */
  readonly certificateArn: string;
  /** `alb.ingress.kubernetes.io/group.name`: Ingresses in one group share an ALB. Default `videoforge`. */
  readonly groupName: string;
  readonly scheme: 'internet-facing' | 'internal';
  /**
   * The ALB target group's deregistration delay: how long the ALB lets requests in flight to a
   * removed pod finish. At most http.drainSeconds, so it is over while the pod still serves. Default 15.
   */
  readonly deregistrationDelaySeconds: number;
  /** More Ingress annotations, merged over the chart's (WAF, access logs, idle timeout). Default none. */
  readonly annotations: Readonly<Record<string, string>>;
  readonly admin: AdminIngressSettings;
}

/** The admin routes (`/api/admin`) on an ALB of their own, off the public one. */
export interface AdminIngressSettings {
  /** Serve `/api/admin` from a second Ingress (its own ALB group) instead of the public one. Default false. */
  readonly separate: boolean;
  /** Scheme of the admin ALB. Default `internal` (reachable from the VPC only). */
  readonly scheme: 'internet-facing' | 'internal';
  /** `alb.ingress.kubernetes.io/inbound-cidrs` of the admin ALB, comma-separated. Default `0.0.0.0/0`. */
  readonly inboundCidrs: string;
}

export interface MonitoringSettings {
  /** ServiceMonitors, PrometheusRule and dashboard ConfigMaps (needs kube-prometheus-stack). Default true. */
  readonly enabled: boolean;
  /** The kube-prometheus-stack release name: its Prometheus selects objects by `release=<this>`. */
  readonly prometheusRelease: string;
  /** Default `30s`. */
  readonly scrapeInterval: string;
}

/**
 * NetworkPolicies: default deny for the namespace's pods, then what each workload needs. Only for
 * clusters whose CNI enforces them (EKS node groups with the VPC CNI's network policy agent,
 * Calico, Cilium): Fargate pods do not enforce NetworkPolicies, hence the default false.
 */
export interface NetworkPolicySettings {
  /** Render the policies. Default false (Fargate ignores them). */
  readonly enabled: boolean;
  /** Namespace of Prometheus, allowed to scrape the metrics ports. Default `monitoring`. */
  readonly monitoringNamespace: string;
  /** Port of the Kubernetes API endpoints the admin reads (EKS 443, kind 6443). Default 443. */
  readonly kubernetesApiPort: number;
}

export interface ExternalSecretsSettings {
  /**
   * SecretStores + ExternalSecrets (needs External Secrets Operator). When false, create the
   * Secrets yourself: `<release>-secrets` (Cognito ids), `<release>-api-secrets`
   * (PLAYBACK_SIGNING_SECRET, optionally PLAYBACK_SIGNING_SECRET_PREVIOUS) and `<release>-redis`
   * (REDIS_URL; kind/redis.yaml makes it on kind). Default true.
   */
  readonly enabled: boolean;
  /** Parameter Store path the AWS stack writes to, e.g. `/videoforge/prod`. */
  readonly parameterPrefix: string;
  /**
   * Secrets Manager secret (name or ARN) with the api's HLS signing keys, JSON
   * `{"current","previous"}`: the AWS stack generates it (output PlaybackSigningSecretName).
   * Default `videoforge/prod/playback-signing-keys`.
   */
  readonly playbackSigningSecret: string;
  /** How often the Secrets are refreshed from AWS. Default `1h`. */
  readonly refreshInterval: string;
  /** IRSA role the SecretStores use to read the parameters and the signing keys. */
  readonly roleArn: string;
}

const appVersion = rootPackage.version;

/** The chart's name: `app.kubernetes.io/name` and, with the release, the object-name prefix. */
export const CHART_NAME = 'videoforge';

const noExtras: PodExtras = {
  extraEnv: [],
  extraEnvFrom: [],
  podAnnotations: {},
  podLabels: {},
  nodeSelector: {},
  tolerations: [],
  affinity: {},
  topologySpreadConstraints: [],
};

export const defaultSettings: Settings = {
  release: {
    name: 'videoforge',
    fullname: 'videoforge',
    chartName: CHART_NAME,
    chart: `${CHART_NAME}-${appVersion}`,
    namespace: 'videoforge',
    managedBy: 'cdk8s',
    appVersion,
  },
  nameOverride: '',
  fullnameOverride: '',
  imagePullSecrets: [],
  imagePullPolicy: 'IfNotPresent',
  logLevel: 'info',
  namespace: { create: false },
  irsa: { enabled: true },
  http: { drainSeconds: 15, terminationGracePeriodSeconds: 30 },
  // No example account, bucket, queue, host, ARN or certificate: the AWS stack's outputs give them
  // (values-aws.yaml, cdk8s/src/aws-values.ts) and the chart refuses to install without them.
  aws: {
    region: 'us-east-1',
    bucket: '',
    jobsQueueUrl: '',
    dlqUrl: '',
    table: '',
    memcachedServers: '',
  },
  api: {
    ...noExtras,
    image: { repository: 'videoforge/api', tag: appVersion, digest: '' },
    resources: { cpu: '500m', memory: '1Gi' },
    autoscaling: { minReplicas: 2, maxReplicas: 5, cpuUtilization: 70, memoryUtilization: 80 },
    roleArn: '',
    maxUploadBytes: 5 * 1024 ** 3,
  },
  admin: {
    ...noExtras,
    image: { repository: 'videoforge/admin', tag: appVersion, digest: '' },
    resources: { cpu: '250m', memory: '512Mi' },
    autoscaling: { minReplicas: 1, maxReplicas: 3, cpuUtilization: 70 },
    roleArn: '',
  },
  transcoder: {
    ...noExtras,
    image: { repository: 'videoforge/transcoder', tag: appVersion, digest: '' },
    resources: { cpu: '1', memory: '2Gi', ephemeralStorage: '30Gi' },
    scratchSizeLimit: '25Gi',
    scaling: {
      minReplicas: 0,
      maxReplicas: 10,
      queueLength: 1,
      activationQueueLength: 0,
      pollingIntervalSeconds: 15,
      cooldownSeconds: 300,
      authentication: 'irsa',
      roleArn: '',
      awsEndpoint: '',
    },
    terminationGracePeriodSeconds: 3600,
    shutdownGraceSeconds: 3540,
    concurrency: 1,
    ffmpegPreset: 'veryfast',
    roleArn: '',
  },
  events: {
    ...noExtras,
    image: { repository: 'videoforge/events', tag: appVersion, digest: '' },
    resources: { cpu: '250m', memory: '512Mi' },
    autoscaling: { minReplicas: 1, maxReplicas: 3, cpuUtilization: 70 },
    roleArn: '',
    pollMs: 1000,
    webhooks: {
      maxAttempts: 12,
      retryBaseSeconds: 30,
      retryMaxSeconds: 21_600,
      disableAfterFailures: 50,
      deliveryConcurrency: 16,
    },
    maintenance: {
      abandonedUploadHours: 24,
      reconcileAfterSeconds: 900,
      reconcileEverySeconds: 300,
      expireUploadsEverySeconds: 3600,
    },
  },
  redis: {
    host: '',
    port: 6379,
    authSecret: '',
  },
  ingress: {
    enabled: true,
    host: '',
    certificateArn: '',
    groupName: 'videoforge',
    scheme: 'internet-facing',
    deregistrationDelaySeconds: 15,
    annotations: {},
    admin: { separate: false, scheme: 'internal', inboundCidrs: '0.0.0.0/0' },
  },
  monitoring: { enabled: true, prometheusRelease: 'kube-prometheus-stack', scrapeInterval: '30s' },
  networkPolicies: { enabled: false, monitoringNamespace: 'monitoring', kubernetesApiPort: 443 },
  externalSecrets: {
    enabled: true,
    parameterPrefix: '',
    playbackSigningSecret: '',
    refreshInterval: '1h',
    roleArn: '',
  },
};

/**
 * The release's derived names, as the chart's `videoforge.name` / `videoforge.fullname` helpers
 * compute them (Helm's own `helm create` convention): names are cut to 63 characters.
 */
export function withReleaseNames(settings: Settings): Settings {
  const cut = (name: string) => name.slice(0, 63).replace(/-+$/, '');
  const chartName = cut(settings.nameOverride || CHART_NAME);
  const { name } = settings.release;
  const fullname = settings.fullnameOverride
    ? cut(settings.fullnameOverride)
    : cut(name.includes(chartName) ? name : `${name}-${chartName}`);
  return { ...settings, release: { ...settings.release, chartName, fullname } };
}

/** The part of the settings Helm values cover: everything but `release`. */
export function valuesOf(settings: Settings): Values {
  const { release: _release, ...values } = settings;
  return values;
}

export type DeepPartial<T> = {
  readonly [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends object
      ? DeepPartial<T[K]>
      : T[K];
};

/** `base` with `overrides` laid over it, key by key (what Helm does with `-f values.yaml`). */
export function mergeSettings<T extends object>(base: T, overrides: DeepPartial<T>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    out[key] =
      isPlainObject(value) && isPlainObject(current) ? mergeSettings(current, value) : value;
  }
  return out as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
