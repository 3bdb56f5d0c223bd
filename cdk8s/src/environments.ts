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
} as const;

const localAws = `http://${LOCAL_STACK.name}.${LOCAL_STACK.namespace}.svc.cluster.local:${LOCAL_STACK.ports.aws}`;
const localQueue = (name: string) => `http://${LOCAL_STACK.name}:${LOCAL_STACK.ports.aws}/000000000000/${name}`;

export interface Environment {
  readonly description: string;
  readonly overrides: DeepPartial<Values>;
}

const ecr = (service: string) => ({ repository: `123456789012.dkr.ecr.us-east-1.amazonaws.com/videoforge/${service}` });

/**
 * Values files shipped with the chart (charts/videoforge/values-<name>.yaml), typed against the
 * settings so a renamed key fails to compile. `npm run synth` also renders each to cdk8s/dist.
 */
export const environments: Readonly<Record<'eks' | 'kind', Environment>> = {
  eks: {
    description:
      'EKS on Fargate. Copy this file and replace the example account 123456789012, host and ' +
      'certificate; the AWS stack outputs (README "Deploy to EKS") give the rest.',
    overrides: {
      api: { image: ecr('api') },
      admin: { image: ecr('admin') },
      transcoder: { image: ecr('transcoder') },
      ingress: { host: 'videos.example.com' },
    },
  },
  kind: {
    description:
      'kind with the in-cluster emulators (skaffold -p kind). No AWS and no tokens: the ' +
      'local-stack pod writes the app Secret (endpoints, keys, Cognito ids), which wins over these.',
    overrides: {
      aws: {
        bucket: LOCAL_STACK.bucket,
        jobsQueueUrl: localQueue(LOCAL_STACK.jobsQueue),
        dlqUrl: localQueue(LOCAL_STACK.dlq),
        table: LOCAL_STACK.table,
      },
      api: {
        resources: { cpu: '250m', memory: '512Mi' },
        autoscaling: { minReplicas: 1, maxReplicas: 2 },
        roleArn: '',
      },
      admin: {
        resources: { cpu: '100m', memory: '256Mi' },
        autoscaling: { minReplicas: 1, maxReplicas: 1 },
        roleArn: '',
      },
      transcoder: {
        resources: { cpu: '1', memory: '1Gi', ephemeralStorage: '4Gi' },
        scratchSizeLimit: '3Gi',
        scaling: { maxReplicas: 2, cooldownSeconds: 60, authentication: 'secret', awsEndpoint: localAws },
        terminationGracePeriodSeconds: 60,
        shutdownGraceSeconds: 20,
        roleArn: '',
      },
      ingress: { enabled: false },
      monitoring: { enabled: false },
      externalSecrets: { enabled: false, roleArn: '' },
    },
  },
};
