import type { DeepPartial, Values } from './settings.ts';

/** The in-cluster emulators of the kind profile (kind/ and cdk8s/src/kind/local-stack-chart.ts). */
export const LOCAL_STACK = {
  name: 'videoforge-local-stack',
  namespace: 'videoforge',
  ports: { aws: 4566, dynamodb: 4569, cognito: 9229, memcached: 11211 },
  /** Fixed names of what it provisions (the emulator's account id is 000000000000). */
  bucket: 'videoforge-local',
  table: 'videoforge-local',
  jobsQueue: 'videoforge-jobs',
  dlq: 'videoforge-jobs-dlq',
  /** The LocalStack chart's Service in the `localstack` profile (release name `localstack`). */
  localstack: 'localstack',
} as const;

/**
 * BullMQ's Redis on kind (kind/redis.yaml, both kind profiles): no TLS, no AUTH, kept only on an
 * emptyDir. The Secret carries the URL the chart's events and admin pods read (`<release>-redis`).
 */
export const KIND_REDIS = {
  name: 'redis',
  image: 'redis:7.4-alpine',
  /** Redis's default port: the container listens there without being told. */
  port: 6379,
  url: 'redis://redis:6379',
} as const;

/** KEDA runs in its own namespace: it needs the fully qualified Service name. */
const inCluster = (service: string) =>
  `http://${service}.${LOCAL_STACK.namespace}.svc.cluster.local:${LOCAL_STACK.ports.aws}`;
/** Emulators find a queue by its name; the host only has to make a URL (KEDA parses /<account>/<name>). */
const queueUrl = (service: string, name: string) =>
  `http://${service}:${LOCAL_STACK.ports.aws}/000000000000/${name}`;
/** Where the localstack profile's LocalStack answers (the bridge pod's LOCALSTACK_ENDPOINT). */
export const LOCALSTACK_ENDPOINT = `http://${LOCAL_STACK.localstack}:${LOCAL_STACK.ports.aws}`;

export interface Environment {
  readonly description: string;
  readonly overrides: DeepPartial<Values>;
}

const exampleAccount = '123456789012';
const exampleRole = (name: string) => `arn:aws:iam::${exampleAccount}:role/videoforge-prod-${name}`;
const ecr = (service: string) => ({
  repository: `${exampleAccount}.dkr.ecr.us-east-1.amazonaws.com/videoforge/${service}`,
});

/**
 * What `cdk8s/src/aws-values.ts` makes of the outputs of an example AWS stack (account
 * 123456789012, Environment=prod) plus an example host and certificate. Never a chart default:
 * `npm run synth` renders cdk8s/dist/videoforge.yaml and videoforge-eks.yaml with it, and the tests
 * install the chart with it.
 */
export const EXAMPLE_STACK: DeepPartial<Values> = {
  aws: {
    region: 'us-east-1',
    bucket: `videoforge-prod-${exampleAccount}`,
    jobsQueueUrl: `https://sqs.us-east-1.amazonaws.com/${exampleAccount}/videoforge-prod-jobs`,
    dlqUrl: `https://sqs.us-east-1.amazonaws.com/${exampleAccount}/videoforge-prod-jobs-dlq`,
    table: 'videoforge-prod',
  },
  api: { image: ecr('api'), roleArn: exampleRole('api') },
  admin: { image: ecr('admin'), roleArn: exampleRole('admin') },
  transcoder: {
    image: ecr('transcoder'),
    roleArn: exampleRole('transcoder'),
    scaling: { roleArn: exampleRole('keda-scaler') },
  },
  events: { image: ecr('events'), roleArn: exampleRole('events') },
  web: { image: ecr('web') },
  redis: {
    host: 'master.videoforge-prod-events.abc123.use1.cache.amazonaws.com',
    port: 6379,
    authSecret: 'videoforge/prod/redis-auth',
  },
  externalSecrets: {
    roleArn: exampleRole('external-secrets'),
    parameterPrefix: '/videoforge/prod',
    playbackSigningSecret: 'videoforge/prod/playback-signing-keys',
  },
  ingress: {
    host: 'videoforge.example.com',
    certificateArn: `arn:aws:acm:us-east-1:${exampleAccount}:certificate/00000000-0000-0000-0000-000000000000`,
  },
};

/**
 * Values files shipped with the chart (charts/videoforge/values-<name>.yaml), typed against the
 * settings so a renamed key fails to compile. `npm run synth` also renders each to cdk8s/dist.
 */
const kindOverrides = (service: string): DeepPartial<Values> => ({
  aws: {
    bucket: LOCAL_STACK.bucket,
    jobsQueueUrl: queueUrl(service, LOCAL_STACK.jobsQueue),
    dlqUrl: queueUrl(service, LOCAL_STACK.dlq),
    table: LOCAL_STACK.table,
  },
  api: {
    resources: { cpu: '250m', memory: '512Mi' },
    autoscaling: { minReplicas: 1, maxReplicas: 2 },
  },
  admin: {
    resources: { cpu: '100m', memory: '256Mi' },
    autoscaling: { minReplicas: 1, maxReplicas: 1 },
    roleArn: '',
  },
  transcoder: {
    resources: { cpu: '1', memory: '1Gi', ephemeralStorage: '4Gi' },
    scratchSizeLimit: '3Gi',
    scaling: {
      maxReplicas: 2,
      cooldownSeconds: 60,
      authentication: 'secret',
      awsEndpoint: inCluster(service),
    },
    terminationGracePeriodSeconds: 60,
    shutdownGraceSeconds: 20,
  },
  events: {
    resources: { cpu: '100m', memory: '256Mi' },
    autoscaling: { minReplicas: 1, maxReplicas: 1 },
  },
  web: {
    resources: { cpu: '50m', memory: '64Mi' },
    autoscaling: { minReplicas: 1, maxReplicas: 1 },
    // Presigned URLs name the in-cluster S3 endpoint (map it to 127.0.0.1 to use them from the host).
    mediaOrigin: `http://${service}:${LOCAL_STACK.ports.aws}`,
    // No ALB: the app's nginx routes /api itself, so http://localhost:3000 is one origin.
    apiProxy: { enabled: true },
  },
  // No IAM: the emulators take the static keys of the app Secret.
  irsa: { enabled: false },
  ingress: { enabled: false },
  monitoring: { enabled: false },
  externalSecrets: { enabled: false },
});

export const environments: Readonly<Record<'eks' | 'kind' | 'localstack', Environment>> = {
  eks: {
    description:
      'EKS on Fargate: IRSA, the ALB Ingress, External Secrets and monitoring on. Use it with ' +
      'values-aws.yaml, which `cdk8s/src/aws-values.ts` writes from the AWS stack outputs and your ' +
      'host and certificate (docs/helm-chart.md); the chart refuses to install without them.',
    overrides: {
      irsa: { enabled: true },
      ingress: { enabled: true },
      externalSecrets: { enabled: true },
      monitoring: { enabled: true },
    },
  },
  kind: {
    description:
      'kind with the in-cluster emulators (skaffold -p kind). No AWS and no tokens: the ' +
      'local-stack pod writes the app Secret (endpoints, keys, Cognito ids), which wins over these; ' +
      'kind/redis.yaml runs Redis and the Secret with REDIS_URL.',
    overrides: kindOverrides(LOCAL_STACK.name),
  },
  localstack: {
    description:
      'kind with LocalStack (skaffold -p localstack, needs LOCALSTACK_AUTH_TOKEN for Cognito). ' +
      'The bridge pod provisions LocalStack and writes the app Secret; kind/redis.yaml runs Redis.',
    overrides: kindOverrides(LOCAL_STACK.localstack),
  },
};
