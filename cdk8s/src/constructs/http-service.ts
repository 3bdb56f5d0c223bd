import { Construct } from 'constructs';
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
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
  addMainContainer,
  completePod,
  cpuAutoscaler,
  httpProbe,
  workloadDeployment,
} from './workload.ts';

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
    const { deployment, name, labels, selector } = workloadDeployment(this, {
      release: props.release,
      component: props.component,
      serviceAccount: props.serviceAccount,
      automountServiceAccountToken: props.automountServiceAccountToken,
      terminationGracePeriodSeconds: props.shutdown.terminationGracePeriodSeconds,
      extras: props.extras,
      podAnnotations: props.podAnnotations,
    });
    this.deployment = deployment;
    this.name = name;

    const http = httpProbe(this.port);
    const container = addMainContainer(this, deployment, {
      name: props.component,
      image: props.image,
      imagePullPolicy: props.imagePullPolicy,
      port: { name: 'http', number: this.port },
      envFrom: props.envFrom,
      env: {
        PORT: kplus.EnvValue.fromValue(String(this.port)),
        HOST: kplus.EnvValue.fromValue('0.0.0.0'),
        SHUTDOWN_DRAIN_SECONDS: kplus.EnvValue.fromValue(String(props.shutdown.drainSeconds)),
        ...props.env,
      },
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
    completePod(deployment, container, props);

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name, labels },
      ports: [{ name: 'http', port: this.port, targetPort: this.port }],
    });
    for (const [key, value] of Object.entries(selector)) this.service.selectLabel(key, value);

    // Up by 2 pods a minute.
    cpuAutoscaler(this, {
      name,
      labels,
      target: deployment,
      autoscaling: props.autoscaling,
      scaleUpPods: 2,
    });

    new DisruptionBudget(this, 'Disruption', {
      name,
      labels,
      selector,
      ...(props.disruption ?? { minAvailable: 1 }),
    });
  }
}
