import { Construct } from 'constructs';
import { ApiObject, Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Gate } from '../gate.ts';
import type { Settings } from '../settings.ts';
import { DisruptionBudget } from './disruption-budget.ts';
import { setEmptyDirLimit } from './pod-defaults.ts';
import { addMainContainer, completePod, httpProbe, workloadDeployment } from './workload.ts';

export interface TranscoderProps {
  readonly settings: Settings;
  readonly serviceAccount: kplus.IServiceAccount;
  /** The chart's pod annotations (`checksum/*`). Default none. */
  readonly podAnnotations?: Record<string, string>;
  /** Sources of the environment, later ones winning (the shared ConfigMap, then the app Secret). */
  readonly envFrom: kplus.EnvFrom[];
  /** Name of the app Secret: the `secret` KEDA authentication reads AWS keys from it. */
  readonly secretName: string;
  /** `/healthz` and `/metrics` only; the worker has no public API. Default 9100. */
  readonly healthPort?: number;
  /** Where the ffmpeg scratch `emptyDir` is mounted (SCRATCH_DIR). Default `/scratch`. */
  readonly scratchPath?: string;
}

/** The queue-length trigger KEDA polls; SQS, not CPU, says how many workers are needed. */
export const SQS_TRIGGER = 'aws-sqs-queue';

/**
 * The transcode workers: a Deployment with no replica count (KEDA owns it, 0–10), a ScaledObject
 * on the jobs queue with its TriggerAuthentication, a metrics-only Service and a PDB.
 *
 * KEDA may stop any worker on scale-in, and a rollout stops them all: on SIGTERM a worker stops
 * polling and gives running jobs SHUTDOWN_GRACE_SECONDS, then returns their messages. So the pod's
 * terminationGracePeriodSeconds must exceed SHUTDOWN_GRACE_SECONDS, and both must cover a long job.
 * `scaleOnInFlight` (KEDA's default) counts running jobs, so busy workers keep their pods.
 */
export class Transcoder extends Construct {
  readonly deployment: kplus.Deployment;
  readonly metricsService: kplus.Service;
  readonly name: string;
  readonly healthPort: number;

  constructor(scope: Construct, id: string, props: TranscoderProps) {
    super(scope, id);
    const { release, transcoder, aws, imagePullPolicy } = props.settings;
    this.healthPort = props.healthPort ?? 9100;
    const scratchPath = props.scratchPath ?? '/scratch';
    const { deployment, name, labels, selector } = workloadDeployment(this, {
      release,
      component: 'transcoder',
      serviceAccount: props.serviceAccount,
      terminationGracePeriodSeconds: transcoder.terminationGracePeriodSeconds,
      extras: transcoder,
      podAnnotations: props.podAnnotations,
    });
    this.deployment = deployment;
    this.name = name;
    // KEDA's HPA owns the replica count: without this cdk8s-plus would write `replicas: 2`.
    deployment.markHasAutoscaler();

    const health = (options: kplus.HttpGetProbeOptions) =>
      httpProbe(this.healthPort)('/healthz', options);
    const container = addMainContainer(this, deployment, {
      name: 'transcoder',
      image: transcoder.image,
      imagePullPolicy,
      port: { name: 'metrics', number: this.healthPort },
      envFrom: props.envFrom,
      env: {
        HEALTH_PORT: kplus.EnvValue.fromValue(String(this.healthPort)),
        HEALTH_HOST: kplus.EnvValue.fromValue('0.0.0.0'),
        SCRATCH_DIR: kplus.EnvValue.fromValue(scratchPath),
        SHUTDOWN_GRACE_SECONDS: kplus.EnvValue.fromValue(String(transcoder.shutdownGraceSeconds)),
        TRANSCODER_CONCURRENCY: kplus.EnvValue.fromValue(String(transcoder.concurrency)),
        FFMPEG_PRESET: kplus.EnvValue.fromValue(transcoder.ffmpegPreset),
      },
      startup: health({ periodSeconds: Duration.seconds(2), failureThreshold: 30 }),
      // /healthz answers 503 while draining; the kubelet stops liveness probes once a pod terminates.
      liveness: health({ periodSeconds: Duration.seconds(15), failureThreshold: 4 }),
      readiness: health({ periodSeconds: Duration.seconds(10), failureThreshold: 1 }),
    });
    // The scratch volume first: it is volume 0 (setEmptyDirLimit).
    container.mount(scratchPath, kplus.Volume.fromEmptyDir(deployment, 'scratch', 'scratch'));
    completePod(deployment, container, {
      resources: transcoder.resources,
      extras: transcoder,
      imagePullSecrets: props.settings.imagePullSecrets,
    });
    setEmptyDirLimit(deployment, 0, transcoder.scratchSizeLimit);

    this.metricsService = new kplus.Service(this, 'MetricsService', {
      metadata: { name: `${this.name}-metrics`, labels },
      ports: [{ name: 'metrics', port: this.healthPort, targetPort: this.healthPort }],
    });
    for (const [key, value] of Object.entries(selector))
      this.metricsService.selectLabel(key, value);

    const authName = this.name;
    Gate.when(
      this,
      'IrsaAuth',
      { settings: props.settings, path: 'transcoder.scaling.authentication', equals: 'irsa' },
      (gate) => {
        // The KEDA operator exchanges its own web identity token for the scaler-only role (the AWS
        // stack's KedaScalerRole: sqs:GetQueueAttributes on the jobs queue), never the transcoder's.
        new ApiObject(gate, 'Resource', {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'TriggerAuthentication',
          metadata: { name: authName, labels },
          spec: { podIdentity: { provider: 'aws', roleArn: transcoder.scaling.roleArn } },
        });
      },
    );
    Gate.when(
      this,
      'SecretAuth',
      { settings: props.settings, path: 'transcoder.scaling.authentication', equals: 'secret' },
      (gate) => {
        new ApiObject(gate, 'Resource', {
          apiVersion: 'keda.sh/v1alpha1',
          kind: 'TriggerAuthentication',
          metadata: { name: authName, labels },
          spec: {
            secretTargetRef: [
              { parameter: 'awsAccessKeyID', name: props.secretName, key: 'AWS_ACCESS_KEY_ID' },
              {
                parameter: 'awsSecretAccessKey',
                name: props.secretName,
                key: 'AWS_SECRET_ACCESS_KEY',
              },
            ],
          },
        });
      },
    );

    const scaling = transcoder.scaling;
    new ApiObject(this, 'ScaledObject', {
      apiVersion: 'keda.sh/v1alpha1',
      kind: 'ScaledObject',
      metadata: { name: this.name, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: this.name },
        minReplicaCount: scaling.minReplicas,
        maxReplicaCount: scaling.maxReplicas,
        pollingInterval: scaling.pollingIntervalSeconds,
        cooldownPeriod: scaling.cooldownSeconds,
        triggers: [
          {
            type: SQS_TRIGGER,
            authenticationRef: { name: authName },
            metadata: {
              queueURL: aws.jobsQueueUrl,
              awsRegion: aws.region,
              queueLength: String(scaling.queueLength),
              activationQueueLength: String(scaling.activationQueueLength),
              scaleOnInFlight: 'true',
              // KEDA ignores an empty endpoint (AWS); set for emulators and LocalStack.
              awsEndpoint: scaling.awsEndpoint,
            },
          },
        ],
      },
    });

    new DisruptionBudget(this, 'Disruption', {
      name: this.name,
      labels,
      selector,
      maxUnavailable: 1,
    });
  }
}
