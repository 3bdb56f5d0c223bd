import { Construct } from 'constructs';
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Settings } from '../settings.ts';
import { DisruptionBudget } from './disruption-budget.ts';
import {
  addMainContainer,
  completePod,
  cpuAutoscaler,
  httpProbe,
  workloadDeployment,
} from './workload.ts';

export interface EventsProps {
  readonly settings: Settings;
  readonly serviceAccount: kplus.IServiceAccount;
  /** The chart's pod annotations (`checksum/*`). Default none. */
  readonly podAnnotations?: Record<string, string>;
  /** Sources of the environment, later ones winning (the shared ConfigMap, then the app Secret). */
  readonly envFrom: kplus.EnvFrom[];
  /** REDIS_URL: `rediss://:<token>@<primary endpoint>:6379` on EKS, `redis://redis:6379` on kind. */
  readonly redisUrl: kplus.EnvValue;
  /** `/healthz`, `/readyz` and `/metrics`; no public API and no Ingress. Default 9200. */
  readonly port?: number;
}

/**
 * On SIGTERM the service stops the relay and the schedulers, lets deliveries in flight finish for
 * SHUTDOWN_GRACE_SECONDS (a receiver gets WEBHOOK_TIMEOUT_SECONDS, default 10), then closes its
 * BullMQ workers: a delivery cut short is picked up again once its lock expires. The pod's grace
 * period covers the drain with a margin.
 */
export const EVENTS_SHUTDOWN_GRACE_SECONDS = 20;
const TERMINATION_GRACE_SECONDS = EVENTS_SHUTDOWN_GRACE_SECONDS + 10;

/**
 * The events service: a Deployment (no replica count: the HPA owns it, 1–3 on CPU), a ClusterIP
 * Service for scraping only, a HorizontalPodAutoscaler and a PodDisruptionBudget. Every replica
 * runs the outbox relay, a share of the webhook deliveries and the BullMQ job schedulers (BullMQ
 * runs each scheduled job once however many replicas there are).
 *
 * It has no Ingress: it only calls out, to Redis, AWS APIs and webhook receivers anywhere on the
 * internet over HTTPS (egress is the VPC's: Fargate pods get the cluster security group, and
 * Kubernetes NetworkPolicies are not enforced on Fargate).
 */
export class Events extends Construct {
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  readonly name: string;
  readonly port: number;

  constructor(scope: Construct, id: string, props: EventsProps) {
    super(scope, id);
    const { release, events, imagePullPolicy, imagePullSecrets } = props.settings;
    this.port = props.port ?? 9200;
    const { deployment, name, labels, selector } = workloadDeployment(this, {
      release,
      component: 'events',
      serviceAccount: props.serviceAccount,
      terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
      extras: events,
      podAnnotations: props.podAnnotations,
    });
    this.deployment = deployment;
    this.name = name;

    const http = httpProbe(this.port);
    const value = (v: string | number) => kplus.EnvValue.fromValue(String(v));
    const container = addMainContainer(this, deployment, {
      name: 'events',
      image: events.image,
      imagePullPolicy,
      port: { name: 'metrics', number: this.port },
      envFrom: props.envFrom,
      env: {
        PORT: value(this.port),
        HOST: value('0.0.0.0'),
        SHUTDOWN_GRACE_SECONDS: value(EVENTS_SHUTDOWN_GRACE_SECONDS),
        REDIS_URL: props.redisUrl,
        EVENTS_POLL_MS: value(events.pollMs),
        WEBHOOK_MAX_ATTEMPTS: value(events.webhooks.maxAttempts),
        WEBHOOK_RETRY_BASE_SECONDS: value(events.webhooks.retryBaseSeconds),
        WEBHOOK_RETRY_MAX_SECONDS: value(events.webhooks.retryMaxSeconds),
        WEBHOOK_DISABLE_AFTER_FAILURES: value(events.webhooks.disableAfterFailures),
        WEBHOOK_DELIVERY_CONCURRENCY: value(events.webhooks.deliveryConcurrency),
        ABANDONED_UPLOAD_HOURS: value(events.maintenance.abandonedUploadHours),
        RECONCILE_AFTER_SECONDS: value(events.maintenance.reconcileAfterSeconds),
        RECONCILE_EVERY_SECONDS: value(events.maintenance.reconcileEverySeconds),
        EXPIRE_UPLOADS_EVERY_SECONDS: value(events.maintenance.expireUploadsEverySeconds),
      },
      startup: http('/healthz', { periodSeconds: Duration.seconds(2), failureThreshold: 30 }),
      liveness: http('/healthz', { periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
      // /readyz: Redis reachable. Nothing routes to the pod; readiness gates rollouts.
      readiness: http('/readyz', { periodSeconds: Duration.seconds(5), failureThreshold: 2 }),
    });
    completePod(deployment, container, {
      resources: events.resources,
      extras: events,
      imagePullSecrets,
    });

    this.service = new kplus.Service(this, 'Service', {
      metadata: { name, labels },
      ports: [{ name: 'metrics', port: this.port, targetPort: this.port }],
    });
    for (const [key, v] of Object.entries(selector)) this.service.selectLabel(key, v);

    // Up by 1 pod a minute.
    cpuAutoscaler(this, {
      name,
      labels,
      target: deployment,
      autoscaling: events.autoscaling,
      scaleUpPods: 1,
    });

    // One replica by default: a budget of "1 may go" never blocks a drain.
    new DisruptionBudget(this, 'Disruption', {
      name,
      labels,
      selector,
      maxUnavailable: 1,
    });
  }
}
