import type { Construct } from 'constructs';
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { componentLabels, resourceName, selectorLabels } from '../labels.ts';
import type {
  ImageSettings,
  KubeObject,
  PodExtras,
  ReleaseSettings,
  Settings,
} from '../settings.ts';
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
  type Quantities,
} from './pod-defaults.ts';

/**
 * The pod template and the HPA every VideoForge workload shares (api, admin, transcoder, events, web):
 * one place for the labels, security contexts, rollout strategy, probes, resources and the
 * operator's escape hatches.
 */
export interface WorkloadProps {
  readonly release: ReleaseSettings;
  /** The component label and the name suffix (`<fullname>-<component>`). */
  readonly component: string;
  readonly serviceAccount: kplus.IServiceAccount;
  /** Mount the ServiceAccount token (for the Kubernetes API). Default false. */
  readonly automountServiceAccountToken?: boolean;
  readonly terminationGracePeriodSeconds: number;
  /** The operator's escape hatches (settings.ts PodExtras). */
  readonly extras: PodExtras;
  /** The chart's pod annotations (`checksum/*`). Default none. */
  readonly podAnnotations?: Record<string, string>;
}

export interface Workload {
  readonly deployment: kplus.Deployment;
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly selector: Record<string, string>;
}

/**
 * A Deployment without a replica count (an HPA or KEDA owns it), selected by the
 * app.kubernetes.io labels only, with the chart's pod defaults.
 */
export function workloadDeployment(scope: Construct, props: WorkloadProps): Workload {
  const name = resourceName(props.release, props.component);
  const labels = componentLabels(props.release, props.component);
  const selector = selectorLabels(props.release, props.component);
  const deployment = new kplus.Deployment(scope, 'Deployment', {
    metadata: { name, labels },
    podMetadata: {
      labels: podLabels(props.extras, labels),
      annotations: podAnnotations(props.extras, props.podAnnotations ?? {}),
    },
    select: false,
    strategy: rollingUpdate,
    serviceAccount: props.serviceAccount,
    automountServiceAccountToken: props.automountServiceAccountToken ?? false,
    securityContext: podSecurity,
    terminationGracePeriod: Duration.seconds(props.terminationGracePeriodSeconds),
  });
  deployment.select(kplus.LabelSelector.of({ labels: selector }));
  dropAddressLabel(deployment);
  return { deployment, name, labels, selector };
}

/** Where a container's probes go: paths on one port, with the same timeout. */
export function httpProbe(port: number) {
  return (path: string, options: kplus.HttpGetProbeOptions): kplus.Probe =>
    kplus.Probe.fromHttpGet(path, { port, timeoutSeconds: Duration.seconds(2), ...options });
}

export interface MainContainerProps {
  readonly name: string;
  readonly image: ImageSettings;
  readonly imagePullPolicy: Settings['imagePullPolicy'];
  /** The one named port (`http` or `metrics`). */
  readonly port: { readonly name: string; readonly number: number };
  /** Sources of the environment, later ones winning (the shared ConfigMap, then the app Secret). */
  readonly envFrom: kplus.EnvFrom[];
  /** The workload's own variables (they win over `envFrom`). */
  readonly env: Record<string, kplus.EnvValue>;
  readonly startup: kplus.Probe;
  readonly liveness: kplus.Probe;
  readonly readiness: kplus.Probe;
  /** Runs before the stop signal. Default none: the services drain themselves (http-service.ts). */
  readonly preStop?: kplus.Handler;
}

/** The workload's container, with the chart's security context. Finish the pod with completePod. */
export function addMainContainer(
  scope: Construct,
  deployment: kplus.Deployment,
  props: MainContainerProps,
): kplus.Container {
  return deployment.addContainer({
    name: props.name,
    image: imageRef(scope, props.image),
    imagePullPolicy: props.imagePullPolicy as kplus.ImagePullPolicy,
    ports: [props.port],
    envFrom: props.envFrom,
    envVariables: props.env,
    securityContext: containerSecurity,
    resources: {},
    startup: props.startup,
    liveness: props.liveness,
    readiness: props.readiness,
    ...(props.preStop ? { lifecycle: { preStop: props.preStop } } : {}),
  });
}

/** A writable /tmp, requests = limits, and the operator's escape hatches, after the workload's own volumes. */
export function completePod(
  deployment: kplus.Deployment,
  container: kplus.Container,
  props: {
    readonly resources: Quantities;
    readonly extras: PodExtras;
    readonly imagePullSecrets: readonly KubeObject[];
  },
): void {
  mountTmp(deployment, container);
  setResources(deployment, 0, props.resources);
  applyPodExtras(deployment, props.extras, props.imagePullSecrets);
}

export interface CpuAutoscalerProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  readonly target: kplus.Deployment;
  readonly autoscaling: {
    readonly minReplicas: number;
    readonly maxReplicas: number;
    readonly cpuUtilization: number;
    /** A memory target is added when set. */
    readonly memoryUtilization?: number;
  };
  /** Pods added per minute at most. */
  readonly scaleUpPods: number;
}

/** Up fast (no stabilization), down slowly (1 pod every 2 minutes after 5 quiet minutes). */
export function cpuAutoscaler(scope: Construct, props: CpuAutoscalerProps): void {
  const { autoscaling } = props;
  const metrics = [
    kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(autoscaling.cpuUtilization)),
  ];
  if (autoscaling.memoryUtilization !== undefined) {
    metrics.push(
      kplus.Metric.resourceMemory(
        kplus.MetricTarget.averageUtilization(autoscaling.memoryUtilization),
      ),
    );
  }
  new kplus.HorizontalPodAutoscaler(scope, 'Autoscaler', {
    metadata: { name: props.name, labels: props.labels },
    target: props.target,
    minReplicas: autoscaling.minReplicas,
    maxReplicas: autoscaling.maxReplicas,
    metrics,
    scaleUp: {
      stabilizationWindow: Duration.seconds(0),
      policies: [
        { replicas: kplus.Replicas.absolute(props.scaleUpPods), duration: Duration.minutes(1) },
      ],
    },
    scaleDown: {
      stabilizationWindow: Duration.minutes(5),
      policies: [{ replicas: kplus.Replicas.absolute(1), duration: Duration.minutes(2) }],
    },
  });
}
