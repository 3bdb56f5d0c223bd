import { Construct } from 'constructs';
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { componentLabels, resourceName, selectorLabels } from '../labels.ts';
import type {
  HttpAutoscaling,
  HttpShutdownSettings,
  ImageSettings,
  KubeObject,
  PodExtras,
  ReleaseSettings,
  ResourceSettings,
  Settings,
} from '../settings.ts';
import { DisruptionBudget } from './disruption-budget.ts';
import {
  applyPodExtras,
  containerSecurity,
  dropAddressLabel,
  imageRef,
  mountTmp,
  podAnnotations,
  podLabels,
  podSecurity,
  rollingUpdate,
  setResources,
} from './pod-defaults.ts';

export interface HttpServiceProps {
  readonly release: ReleaseSettings;
  /** `api` or `admin`: the component label and the name suffix. */
  readonly component: string;
  readonly image: ImageSettings;
  readonly imagePullPolicy: Settings['imagePullPolicy'];
  readonly resources: ResourceSettings;
  /** HPA bounds and targets. A memory target is added when `memoryUtilization` is set. */
  readonly autoscaling: HttpAutoscaling & { readonly memoryUtilization?: number };
  readonly serviceAccount: kplus.IServiceAccount;
  /** Sources of the environment, later ones winning (the shared ConfigMap, then the app Secret). */
  readonly envFrom: kplus.EnvFrom[];
  /** Service-specific variables (these win over `envFrom`). Default none. */
  readonly env?: Record<string, kplus.EnvValue>;
  /** Container and Service port, named `http`; `/metrics` is served on it too. Default 8080. */
  readonly port?: number;
  /** Default `/healthz`. */
  readonly livenessPath?: string;
  /** Default `/readyz` (dependencies reachable). */
  readonly readinessPath?: string;
  /** Default `{ minAvailable: 1 }`. */
  readonly disruption?: { readonly minAvailable?: number; readonly maxUnavailable?: number };
  /** Mount the ServiceAccount token (for the Kubernetes API). Default false. */
  readonly automountServiceAccountToken?: boolean;
  /** How the pods stop: the drain and the grace period. */
  readonly shutdown: HttpShutdownSettings;
  /** The operator's escape hatches (settings.ts PodExtras). */
  readonly extras: PodExtras;
  readonly imagePullSecrets: readonly KubeObject[];
  /** The chart's pod annotations (`checksum/*`). Default none. */
  readonly podAnnotations?: Record<string, string>;
}

/*
 * No preStop hook. On SIGTERM the service fails /readyz and keeps answering, with
 * `Connection: close`, for `shutdown.drainSeconds` (SHUTDOWN_DRAIN_SECONDS) while the ALB
 * deregisters the pod; a preStop sleep would only add to that wait (and the same drain runs outside
 * Kubernetes). Then requests in flight get up to 10 s (packages/http listen.ts). settings-rules.ts
 * holds the grace period above both and the ALB's deregistration delay within the drain.
 */

/**
 * An HTTP service behind the ALB: a Deployment (no fixed replica count: the HPA owns it), a
 * ClusterIP Service on port `http`, a HorizontalPodAutoscaler and a PodDisruptionBudget.
 */
export class HttpService extends Construct {
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  readonly name: string;
  readonly port: number;

  constructor(scope: Construct, id: string, props: HttpServiceProps) {
    super(scope, id);
    this.port = props.port ?? 8080;
    this.name = resourceName(props.release, props.component);
    const labels = componentLabels(props.release, props.component);
    const selector = selectorLabels(props.release, props.component);

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: this.name, labels },
      podMetadata: {
        labels: podLabels(props.extras, labels),
        annotations: podAnnotations(props.extras, props.podAnnotations ?? {}),
      },
      select: false,
      strategy: rollingUpdate,
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: props.automountServiceAccountToken ?? false,
      securityContext: podSecurity,
      terminationGracePeriod: Duration.seconds(props.shutdown.terminationGracePeriodSeconds),
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: selector }));
    dropAddressLabel(this.deployment);

    const http = (path: string, options: kplus.HttpGetProbeOptions) =>
      kplus.Probe.fromHttpGet(path, {
        port: this.port,
        timeoutSeconds: Duration.seconds(2),
        ...options,
      });
    const container = this.deployment.addContainer({
      name: props.component,
      image: imageRef(this, props.image),
      imagePullPolicy: props.imagePullPolicy as kplus.ImagePullPolicy,
      ports: [{ name: 'http', number: this.port }],
      envFrom: props.envFrom,
      envVariables: {
        PORT: kplus.EnvValue.fromValue(String(this.port)),
        HOST: kplus.EnvValue.fromValue('0.0.0.0'),
        SHUTDOWN_DRAIN_SECONDS: kplus.EnvValue.fromValue(String(props.shutdown.drainSeconds)),
        ...props.env,
      },
      securityContext: containerSecurity,
      resources: {},
      // Fargate pulls the image on every start; the startup probe covers the module loading after it.
      startup: http(props.livenessPath ?? '/healthz', {
        periodSeconds: Duration.seconds(2),
        failureThreshold: 30,
      }),
      liveness: http(props.livenessPath ?? '/healthz', {
        periodSeconds: Duration.seconds(10),
        failureThreshold: 3,
      }),
      readiness: http(props.readinessPath ?? '/readyz', {
        periodSeconds: Duration.seconds(5),
        failureThreshold: 2,
      }),
    });
    mountTmp(this.deployment, container);
    setResources(this.deployment, 0, props.resources);
    applyPodExtras(this.deployment, props.extras, props.imagePullSecrets);

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name: this.name, labels },
      ports: [{ name: 'http', port: this.port, targetPort: this.port }],
    });
    for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);

    const metrics = [
      kplus.Metric.resourceCpu(
        kplus.MetricTarget.averageUtilization(props.autoscaling.cpuUtilization),
      ),
    ];
    if (props.autoscaling.memoryUtilization !== undefined) {
      metrics.push(
        kplus.Metric.resourceMemory(
          kplus.MetricTarget.averageUtilization(props.autoscaling.memoryUtilization),
        ),
      );
    }
    new kplus.HorizontalPodAutoscaler(this, 'Autoscaler', {
      metadata: { name: this.name, labels },
      target: this.deployment,
      minReplicas: props.autoscaling.minReplicas,
      maxReplicas: props.autoscaling.maxReplicas,
      metrics,
      // Up fast (2 pods a minute), down slowly (1 pod every 2 minutes after 5 quiet minutes).
      scaleUp: {
        stabilizationWindow: Duration.seconds(0),
        policies: [{ replicas: kplus.Replicas.absolute(2), duration: Duration.minutes(1) }],
      },
      scaleDown: {
        stabilizationWindow: Duration.minutes(5),
        policies: [{ replicas: kplus.Replicas.absolute(1), duration: Duration.minutes(2) }],
      },
    });

    new DisruptionBudget(this, 'Disruption', {
      name: this.name,
      labels,
      selector,
      ...(props.disruption ?? { minAvailable: 1 }),
    });
  }
}
