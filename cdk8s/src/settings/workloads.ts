import { DEFAULT_X264_PRESET, X264_PRESETS } from '@videoforge/ffmpeg';
import { z } from 'zod';
import {
  anyMap,
  APP_VERSION,
  BYTES,
  CPU,
  flag,
  group,
  int,
  list,
  NO_QUOTES,
  oneOf,
  orEmpty,
  required,
  ROLE_ARN,
  stringMap,
  text,
} from './fields.ts';

/** The settings of each workload: its image, size, scaling and escape hatches. */

const image = (service: string) =>
  group(`Container image of the ${service}`, {
    repository: required(
      `videoforge/${service}`,
      'Image repository, e.g. <account>.dkr.ecr.<region>.amazonaws.com/videoforge/' + service,
      NO_QUOTES,
    ),
    tag: required(APP_VERSION, 'Image tag, or tag@sha256:<digest>', NO_QUOTES),
    digest: text(
      '',
      'sha256:<digest>: when set the image is repository@digest (the tag is ignored)',
      '^(sha256:[a-f0-9]{64})?$',
    ),
  });

/**
 * Escape hatches every workload takes (the conventions of bitnami and prometheus-community
 * charts). They are passed to the pod as they are; the Kubernetes API validates them.
 */
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

/** The keys of the escape hatches, for code that hands them to a pod. */
export const POD_EXTRA_KEYS = Object.keys(podExtras('')) as (keyof ReturnType<typeof podExtras>)[];

/** Requests and limits are the same number: on Fargate the pod size is what the pod requests. */
const resources = (cpu: string, memory: string) =>
  group(`Requests = limits (Fargate sizes the pod from them). Default ${cpu} / ${memory}.`, {
    cpu: required(cpu, 'CPU quantity, e.g. 500m', CPU),
    memory: required(memory, 'Memory quantity, e.g. 1Gi', BYTES),
  });

const replicas = (fallback: number, what: string) =>
  int(fallback, `${what} replica count (HPA: at least 1)`, 1, 100);
const percent = (what: string) =>
  int(70, `Target average ${what} utilisation, % of the request`, 1, 100);
const httpAutoscaling = (min: number, max: number) => ({
  minReplicas: replicas(min, 'Minimum'),
  maxReplicas: replicas(max, 'Maximum'),
  cpuUtilization: percent('CPU'),
});
const roleArn = (service: string) =>
  text('', `IRSA role ARN of the ${service} ServiceAccount`, ROLE_ARN);

export const api = group('Video API', {
  image: image('api'),
  ...podExtras('api'),
  resources: resources('500m', '1Gi'),
  autoscaling: group('HorizontalPodAutoscaler', {
    ...httpAutoscaling(2, 5),
    memoryUtilization: int(80, 'Target average memory utilisation, % of the request', 1, 100),
  }),
  roleArn: roleArn('api'),
  maxUploadBytes: int(5 * 1024 ** 3, 'Largest accepted upload, bytes (larger ones answer 413)', 1),
});

export const admin = group('Admin service', {
  image: image('admin'),
  ...podExtras('admin'),
  resources: resources('250m', '512Mi'),
  autoscaling: group('HorizontalPodAutoscaler', httpAutoscaling(1, 3)),
  roleArn: roleArn('admin'),
});

const scaling = group('KEDA ScaledObject (aws-sqs-queue trigger)', {
  minReplicas: int(0, 'Minimum replica count (0 = scale to zero)', 0, 100),
  maxReplicas: int(10, 'Maximum replica count', 1, 100),
  // 1 matches a concurrency of 1.
  queueLength: int(1, 'Target messages (visible + in flight) per worker', 1),
  activationQueueLength: int(0, 'Messages needed to scale up from zero', 0),
  pollingIntervalSeconds: int(15, 'How often KEDA reads the queue, seconds', 1),
  cooldownSeconds: int(300, 'Idle seconds before scaling back to zero', 0),
  authentication: oneOf(
    'irsa',
    'irsa (EKS: the operator assumes roleArn with its own web identity) or secret (static keys from the app Secret: kind, LocalStack)',
    ['irsa', 'secret'],
  ),
  roleArn: text(
    '',
    'Scaler-only IAM role KEDA assumes (sqs:GetQueueAttributes on the jobs queue; AWS stack output KedaScalerRoleArn)',
    ROLE_ARN,
  ),
  awsEndpoint: text(
    '',
    'SQS endpoint for KEDA (emulators); empty means AWS',
    '^(https?://[^\\s"]+)?$',
  ),
});

export const transcoder = group('Transcode workers, scaled by KEDA on the jobs queue', {
  image: image('transcoder'),
  ...podExtras('transcoder'),
  // Fargate gives 20 GiB of ephemeral storage unless asked.
  resources: group('Requests = limits. Default 1 / 2Gi / 30Gi ephemeral storage.', {
    cpu: required('1', 'CPU quantity', CPU),
    memory: required('2Gi', 'Memory quantity', BYTES),
    ephemeralStorage: required('30Gi', 'Ephemeral storage quantity (Fargate: up to 175Gi)', BYTES),
  }),
  scratchSizeLimit: required('25Gi', 'Size limit of the ffmpeg scratch emptyDir', BYTES),
  scaling,
  // It must cover a long job: KEDA may stop any worker on scale-in and a rollout stops all of them.
  terminationGracePeriodSeconds: int(
    3600,
    'Seconds a worker gets after SIGTERM before it is killed',
    30,
    86_400,
  ),
  shutdownGraceSeconds: int(
    3540,
    'SHUTDOWN_GRACE_SECONDS, below terminationGracePeriodSeconds',
    0,
    86_400,
  ),
  // ffmpeg already uses every core.
  concurrency: int(1, 'Parallel jobs per worker', 1, 16),
  ffmpegPreset: oneOf(DEFAULT_X264_PRESET, 'libx264 preset', X264_PRESETS),
  roleArn: roleArn('transcoder'),
  securityGroupPolicy: group(
    'A SecurityGroupPolicy (vpcresources.k8s.aws/v1beta1) giving the transcoder pods their own security groups (EKS security groups for pods; on Fargate include the cluster security group, docs/security-eks.md)',
    {
      enabled: flag(false, 'Render the SecurityGroupPolicy; groupIds is then required'),
      groupIds: z
        .array(z.string().regex(/^sg-[0-9a-f]{8,17}$/))
        .max(16)
        .default([])
        .describe('Security group ids of the transcoder pods (1 to 16)'),
    },
  ),
});

export const events = group(
  'Events service: outbox relay, webhook deliveries and maintenance on BullMQ',
  {
    image: image('events'),
    ...podExtras('events'),
    resources: resources('250m', '512Mi'),
    autoscaling: group('HorizontalPodAutoscaler', {
      minReplicas: int(1, 'Minimum replica count', 1, 100),
      maxReplicas: int(3, 'Maximum replica count', 1, 100),
      cpuUtilization: percent('CPU'),
    }),
    roleArn: roleArn('events'),
    pollMs: int(
      1000,
      'EVENTS_POLL_MS: how often the relay reads the DynamoDB outbox, ms',
      50,
      60_000,
    ),
    webhooks: group('Webhook deliveries', {
      maxAttempts: int(12, 'WEBHOOK_MAX_ATTEMPTS: attempts before a delivery is FAILED', 1, 100),
      retryBaseSeconds: int(30, 'WEBHOOK_RETRY_BASE_SECONDS: first retry delay', 1, 86_400),
      retryMaxSeconds: int(21_600, 'WEBHOOK_RETRY_MAX_SECONDS: longest retry delay', 1, 604_800),
      disableAfterFailures: int(
        50,
        'WEBHOOK_DISABLE_AFTER_FAILURES: consecutive failures that disable a webhook',
        1,
        100_000,
      ),
      deliveryConcurrency: int(
        16,
        'WEBHOOK_DELIVERY_CONCURRENCY: deliveries in flight per pod',
        1,
        256,
      ),
    }),
    maintenance: group('Scheduled maintenance (BullMQ job schedulers)', {
      abandonedUploadHours: int(
        24,
        'ABANDONED_UPLOAD_HOURS: age at which a never-uploaded video expires',
        1,
        8760,
      ),
      reconcileAfterSeconds: int(
        900,
        'RECONCILE_AFTER_SECONDS: age at which stuck work is requeued or dead-lettered',
        1,
        2_592_000,
      ),
      reconcileEverySeconds: int(
        300,
        'RECONCILE_EVERY_SECONDS: reconcile-stuck-work schedule',
        1,
        86_400,
      ),
      expireUploadsEverySeconds: int(
        3600,
        'EXPIRE_UPLOADS_EVERY_SECONDS: expire-abandoned-uploads schedule',
        1,
        604_800,
      ),
    }),
  },
);

/** Fargate's smallest pod (0.25 vCPU, 0.5 GB) once it adds its 256Mi: nginx serving files needs no more. */
export const web = group('Web app: the single-page app, served by nginx behind the ALB at /', {
  enabled: flag(true, 'Run the web app and route / to it (after /api/admin and /api)'),
  image: image('web'),
  ...podExtras('web'),
  resources: resources('250m', '256Mi'),
  autoscaling: group('HorizontalPodAutoscaler', httpAutoscaling(2, 4)),
  mediaOrigin: text(
    '',
    "Origin the Content-Security-Policy allows for media, posters and uploads (where presigned S3 URLs point); empty: the bucket's, https://<aws.bucket>.s3.<aws.region>.amazonaws.com",
    orEmpty('^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$'),
  ),
  apiProxy: group(
    "Same-origin API in the web pods, where no ALB routes /api (kind): nginx proxies /api/admin and /api to the release's Services as the ALB does",
    {
      enabled: flag(
        false,
        'nginx sends /api/admin to the admin Service and /api to the api Service (and the web NetworkPolicy lets it); leave off behind the ALB, which routes them itself',
      ),
    },
  ),
});
