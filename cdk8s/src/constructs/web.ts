import { Construct } from 'constructs';
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import type { Settings } from '../settings.ts';
import { computed } from '../helm/expr.ts';
import { DisruptionBudget } from './disruption-budget.ts';
import {
  addMainContainer,
  completePod,
  cpuAutoscaler,
  httpProbe,
  workloadDeployment,
} from './workload.ts';

/** A ClusterIP Service of the release, by name and port. */
export interface ServiceRef {
  readonly name: string;
  readonly port: number;
}

export interface WebProps {
  readonly settings: Settings;
  readonly serviceAccount: kplus.IServiceAccount;
  /** Where nginx sends `/api` and `/api/admin` when `web.apiProxy.enabled` (kind). */
  readonly apiServices: { readonly api: ServiceRef; readonly admin: ServiceRef };
}

/** The port web/nginx/nginx.conf listens on. */
export const WEB_PORT = 8080;

/**
 * The origin of the URLs the AWS SDK presigns for a bucket: virtual-hosted, except for a bucket
 * name with dots, which the SDK addresses by path (a dotted host would not match S3's certificate).
 */
export function bucketOrigin(bucket: string, region: string): string {
  return bucket.includes('.')
    ? `https://s3.${region}.amazonaws.com`
    : `https://${bucket}.s3.${region}.amazonaws.com`;
}

/** `web.mediaOrigin`, or the bucket's origin when it is empty (the chart computes the same). */
function mediaOrigin(scope: Construct, settings: Settings): string {
  const { bucket, region } = settings.aws;
  const given = settings.web.mediaOrigin;
  return computed(
    scope,
    given || bucketOrigin(bucket, region),
    (s) =>
      `default (ternary (printf "https://s3.%s.amazonaws.com" ${s(region)}) (printf "https://%s.s3.%s.amazonaws.com" ${s(bucket)} ${s(region)}) (contains "." ${s(bucket)})) ${s(given)}`,
  );
}

/**
 * The origin nginx proxies to (WEB_API_UPSTREAM, WEB_ADMIN_UPSTREAM) when `web.apiProxy.enabled`,
 * else empty: the image's entrypoint then renders no proxy (web/nginx/entrypoint.d). The short
 * Service name: the web pods run in the release's namespace.
 */
function upstream(scope: Construct, settings: Settings, service: ServiceRef): string {
  const origin = `http://${service.name}:${service.port}`;
  return computed(
    scope,
    settings.web.apiProxy.enabled ? origin : '',
    (s) => `ternary ${s(origin)} "" .Values.web.apiProxy.enabled`,
  );
}

/**
 * The web app (web/Dockerfile): nginx serving the built single-page app, behind the ALB at `/`. A
 * Deployment (the HPA owns the replica count), a ClusterIP Service on port `http`, a
 * HorizontalPodAutoscaler and a PodDisruptionBudget. It reads no configuration: it takes the S3
 * origin its Content-Security-Policy allows and, where no ALB routes `/api` (kind), the api and
 * admin Services to proxy it to (`web.apiProxy`); otherwise it calls nothing.
 *
 * nginx closes its listener as soon as it is told to stop, unlike the services, which drain
 * themselves: a preStop sleep of `http.drainSeconds` keeps it serving while the ALB deregisters the
 * pod (at most that long, settings-rules.ts), then nginx finishes what is in flight and exits.
 */
export class Web extends Construct {
  readonly deployment: kplus.Deployment;
  readonly service: kplus.Service;
  readonly name: string;
  readonly port = WEB_PORT;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { release, web, http: shutdown, imagePullPolicy, imagePullSecrets } = props.settings;
    const { deployment, name, labels, selector } = workloadDeployment(this, {
      release,
      component: 'web',
      serviceAccount: props.serviceAccount,
      terminationGracePeriodSeconds: shutdown.terminationGracePeriodSeconds,
      extras: web,
    });
    this.deployment = deployment;
    this.name = name;

    // Its own answer, even with the API proxy on (a service down is the service's 502, not the
    // app's): the same answer tells alive and ready.
    const http = httpProbe(this.port);
    const container = addMainContainer(this, deployment, {
      name: 'web',
      image: web.image,
      imagePullPolicy,
      port: { name: 'http', number: this.port },
      envFrom: [],
      env: {
        WEB_MEDIA_ORIGIN: kplus.EnvValue.fromValue(mediaOrigin(this, props.settings)),
        WEB_API_UPSTREAM: kplus.EnvValue.fromValue(
          upstream(this, props.settings, props.apiServices.api),
        ),
        WEB_ADMIN_UPSTREAM: kplus.EnvValue.fromValue(
          upstream(this, props.settings, props.apiServices.admin),
        ),
      },
      startup: http('/healthz', { periodSeconds: Duration.seconds(2), failureThreshold: 30 }),
      liveness: http('/healthz', { periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
      readiness: http('/healthz', { periodSeconds: Duration.seconds(5), failureThreshold: 2 }),
      preStop: kplus.Handler.fromCommand(['sleep', String(shutdown.drainSeconds)]),
    });
    completePod(deployment, container, { resources: web.resources, extras: web, imagePullSecrets });

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
      autoscaling: web.autoscaling,
      scaleUpPods: 2,
    });

    // "1 may go": never blocks a drain, even with a single replica (kind).
    new DisruptionBudget(this, 'Disruption', { name, labels, selector, maxUnavailable: 1 });
  }
}
