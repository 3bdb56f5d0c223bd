import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';
import { Gate } from './gate.ts';
import { componentLabels, resourceName, selectorLabels } from './labels.ts';
import type { Settings } from './settings.ts';
import { CLUSTER_RBAC_RULES } from '@videoforge/admin/cluster-rbac';
import { AdminRbac } from './constructs/admin-rbac.ts';
import { AlbIngress, type IngressRoute } from './constructs/alb-ingress.ts';
import { AppConfig, type ConfigComponent } from './constructs/app-config.ts';
import { checksum } from './constructs/pod-defaults.ts';
import { AppSecrets, PLAYBACK_SIGNING_KEYS, REDIS_URL_KEY } from './constructs/app-secrets.ts';
import { Dashboards } from './constructs/dashboards.ts';
import { Events } from './constructs/events.ts';
import { HttpService } from './constructs/http-service.ts';
import { IrsaServiceAccount } from './constructs/irsa-service-account.ts';
import { Monitoring, type RuleGroup } from './constructs/monitoring.ts';
import { NetworkPolicies, PodCallsPolicy } from './constructs/network-policies.ts';
import { SecurityGroupPolicy } from './constructs/security-group-policy.ts';
import { Transcoder } from './constructs/transcoder.ts';
import { Web, WEB_PORT } from './constructs/web.ts';

/** The namespace label that makes the AWS Load Balancer Controller inject pod readiness gates. */
export const READINESS_GATE_LABEL = 'elbv2.k8s.aws/pod-readiness-gate-inject';

export interface VideoForgeChartProps {
  readonly settings: Settings;
  /** Grafana dashboard JSON files, one ConfigMap each. */
  readonly dashboardsFolder: string;
  /** Alert rule groups for the PrometheusRule. */
  readonly ruleGroups: readonly RuleGroup[];
}

/**
 * The whole release. It only composes: every object comes from a construct with documented
 * defaults, and every knob from `settings`. Each top-level child becomes one template file of the
 * Helm chart (`templates/<id>.yaml`).
 */
export class VideoForgeChart extends Chart {
  constructor(scope: Construct, id: string, props: VideoForgeChartProps) {
    const { settings } = props;
    const { release } = settings;
    super(scope, id, { namespace: release.namespace, disableResourceNameHashes: true });

    const secretName = resourceName(release, 'secrets');
    const apiSecretName = resourceName(release, 'api-secrets');
    const redisSecretName = resourceName(release, 'redis');
    Gate.when(this, 'namespace', { settings, path: 'namespace.create' }, (gate) => {
      new kplus.Namespace(gate, 'namespace', {
        metadata: {
          name: release.namespace,
          labels: {
            ...componentLabels(release, 'namespace'),
            // The AWS Load Balancer Controller then adds a readiness gate to every new pod behind
            // the ALB: a rollout waits until the ALB sees a new pod healthy.
            [READINESS_GATE_LABEL]: 'enabled',
          },
        },
      });
    });

    const config = new AppConfig(this, 'config', {
      name: resourceName(release, 'config'),
      labels: componentLabels(release, 'config'),
      settings,
    });
    /**
     * What a pod's environment comes from, beyond its own template: the ConfigMap keys it reads,
     * and the settings behind the Secrets the chart's ExternalSecrets write that it loads. A
     * `helm upgrade` that changes one of them changes the pod template, so the pods roll.
     */
    const { externalSecrets, redis } = settings;
    const secretInputs = {
      app: { 'externalSecrets.parameterPrefix': externalSecrets.parameterPrefix },
      api: { 'externalSecrets.playbackSigningSecret': externalSecrets.playbackSigningSecret },
      redis: {
        'redis.host': redis.host,
        'redis.port': String(redis.port),
        'redis.authSecret': redis.authSecret,
      },
    };
    const checksums = (
      scope: Construct,
      component: ConfigComponent,
      secrets: readonly (keyof typeof secretInputs)[],
    ) => ({
      'checksum/config': checksum(scope, config.dataOf(component)),
      'checksum/secret': checksum(
        scope,
        Object.assign({}, ...secrets.map((s) => secretInputs[s])) as Record<string, string>,
      ),
    });
    // ConfigMap first, then the Secret: on a duplicate key the later source wins.
    const envFrom = [
      kplus.Env.fromConfigMap(config.configMap),
      kplus.Env.fromSecret(kplus.Secret.fromSecretName(this, 'app-secret', secretName)),
    ];

    const apiScope = new Construct(this, 'api');
    const api = new HttpService(apiScope, 'service', {
      release,
      component: 'api',
      image: settings.api.image,
      imagePullPolicy: settings.imagePullPolicy,
      resources: settings.api.resources,
      autoscaling: settings.api.autoscaling,
      serviceAccount: serviceAccount(apiScope, settings, 'api', settings.api.roleArn),
      envFrom,
      env: signingKeys(apiScope, apiSecretName),
      shutdown: settings.http,
      extras: settings.api,
      imagePullSecrets: settings.imagePullSecrets,
      podAnnotations: checksums(apiScope, 'api', ['app', 'api']),
    });

    const adminScope = new Construct(this, 'admin');
    const adminAccount = serviceAccount(
      adminScope,
      settings,
      'admin',
      settings.admin.roleArn,
      true,
    );
    const admin = new HttpService(adminScope, 'service', {
      release,
      component: 'admin',
      image: settings.admin.image,
      imagePullPolicy: settings.imagePullPolicy,
      resources: settings.admin.resources,
      autoscaling: settings.admin.autoscaling,
      serviceAccount: adminAccount,
      envFrom,
      env: {
        KUBERNETES_NAMESPACE: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAMESPACE),
        // Only this release's workers, should two releases share a namespace.
        TRANSCODER_POD_SELECTOR: kplus.EnvValue.fromValue(
          Object.entries(selectorLabels(release, 'transcoder'))
            .map(([k, v]) => `${k}=${v}`)
            .join(','),
        ),
        // BullMQ's schedulers and last runs (GET /api/admin/maintenance). Optional: without the
        // Secret the admin still starts and that one route says Redis is not configured.
        REDIS_URL: redisUrl(adminScope, redisSecretName, true),
      },
      automountServiceAccountToken: true,
      // One replica by default: a budget of "1 may go" never blocks a drain.
      disruption: { maxUnavailable: 1 },
      shutdown: settings.http,
      extras: settings.admin,
      imagePullSecrets: settings.imagePullSecrets,
      podAnnotations: checksums(adminScope, 'admin', ['app', 'redis']),
    });
    new AdminRbac(adminScope, 'rbac', {
      name: resourceName(release, 'admin-cluster-view'),
      labels: componentLabels(release, 'admin'),
      serviceAccount: adminAccount,
      // The admin service declares what its cluster view reads; the Role grants exactly that.
      rules: CLUSTER_RBAC_RULES,
    });

    const transcoderScope = new Construct(this, 'transcoder');
    const transcoder = new Transcoder(transcoderScope, 'workers', {
      settings,
      serviceAccount: serviceAccount(
        transcoderScope,
        settings,
        'transcoder',
        settings.transcoder.roleArn,
      ),
      envFrom,
      secretName,
      podAnnotations: checksums(transcoderScope, 'transcoder', ['app']),
    });
    Gate.when(
      transcoderScope,
      'security-groups',
      { settings, path: 'transcoder.securityGroupPolicy.enabled' },
      (gate) => {
        new SecurityGroupPolicy(gate, 'policy', {
          name: transcoder.name,
          labels: componentLabels(release, 'transcoder'),
          podSelector: selectorLabels(release, 'transcoder'),
          groupIds: settings.transcoder.securityGroupPolicy.groupIds,
        });
      },
    );

    const eventsScope = new Construct(this, 'events');
    const events = new Events(eventsScope, 'service', {
      settings,
      serviceAccount: serviceAccount(eventsScope, settings, 'events', settings.events.roleArn),
      envFrom,
      // Required: the events service has nothing to do without Redis, so it waits for the Secret.
      redisUrl: redisUrl(eventsScope, redisSecretName, false),
      podAnnotations: checksums(eventsScope, 'events', ['app', 'redis']),
    });

    const webName = resourceName(release, 'web');
    Gate.when(this, 'web', { settings, path: 'web.enabled' }, (gate) => {
      new Web(gate, 'app', {
        settings,
        apiServices: { api, admin },
        // No AWS role and no API token: it serves files.
        serviceAccount: new kplus.ServiceAccount(gate, 'service-account', {
          metadata: { name: webName, labels: componentLabels(release, 'web') },
          automountToken: false,
        }),
      });
    });

    Gate.when(this, 'ingress', { settings, path: 'ingress.enabled' }, (gate) => {
      const labels = componentLabels(release, 'ingress');
      const adminRoute = { path: '/api/admin', serviceName: admin.name };
      const apiRoute = { path: '/api', serviceName: api.name };
      /**
       * The public ALB's routes, most specific first (the controller turns them into listener rules
       * in this order, and AlbIngress refuses a route shadowed by an earlier one): `/` to the web
       * app comes last, so every `/api` request still reaches admin or the api.
       */
      const publicIngress = (scope: Construct, routes: IngressRoute[]) =>
        withWebRoute(scope, settings, { path: '/', serviceName: webName }, (g, webRoutes) => {
          new AlbIngress(g, 'alb', {
            name: release.fullname,
            labels,
            ingress: settings.ingress,
            routes: [...routes, ...webRoutes],
          });
        });
      // One public ALB for everything, unless the admin routes get an ALB of their own.
      Gate.when(gate, 'shared', { settings, path: 'ingress.admin.separate', equals: false }, (g) =>
        publicIngress(g, [adminRoute, apiRoute]),
      );
      Gate.when(gate, 'separate', { settings, path: 'ingress.admin.separate' }, (g) => {
        // The public ALB no longer routes /api/admin anywhere but the api, which answers 404.
        publicIngress(g, [apiRoute]);
        const adminIngress = settings.ingress.admin;
        new AlbIngress(g, 'admin-alb', {
          name: resourceName(release, 'admin'),
          labels: componentLabels(release, 'admin-ingress'),
          ingress: settings.ingress,
          routes: [adminRoute],
          annotations: {
            // Its own group: an ALB has one scheme, and the public group's is internet-facing.
            'alb.ingress.kubernetes.io/group.name': `${settings.ingress.groupName}-admin`,
            'alb.ingress.kubernetes.io/scheme': adminIngress.scheme,
            'alb.ingress.kubernetes.io/inbound-cidrs': adminIngress.inboundCidrs,
          },
        });
      });
    });

    Gate.when(this, 'secrets', { settings, path: 'externalSecrets.enabled' }, (gate) => {
      new AppSecrets(gate, 'parameter-store', {
        settings,
        secretName,
        apiSecretName,
        redisSecretName,
        storeName: resourceName(release, 'parameter-store'),
        secretsManagerStoreName: resourceName(release, 'secrets-manager'),
        labels: componentLabels(release, 'secrets'),
      });
    });

    // Egress is by port: AWS APIs (and the EKS API server) answer on 443 at addresses no policy can
    // list; ElastiCache Redis sits outside the cluster. Webhooks may target http on 80.
    const https = 443;
    Gate.when(this, 'network-policies', { settings, path: 'networkPolicies.enabled' }, (gate) => {
      new NetworkPolicies(gate, 'policies', {
        namePrefix: release.fullname,
        labels: componentLabels(release, 'network-policy'),
        monitoringNamespace: settings.networkPolicies.monitoringNamespace,
        workloads: [
          {
            name: 'api',
            selector: selectorLabels(release, 'api'),
            publicPorts: [api.port],
            egressPorts: [https],
          },
          {
            name: 'admin',
            selector: selectorLabels(release, 'admin'),
            publicPorts: [admin.port],
            // The cluster view (Kubernetes API) and BullMQ's maintenance state (Redis).
            egressPorts: [https, settings.networkPolicies.kubernetesApiPort, settings.redis.port],
          },
          {
            // Parses untrusted media next to its credentials: AWS APIs over HTTPS and nothing else.
            name: 'transcoder',
            selector: selectorLabels(release, 'transcoder'),
            metricsPorts: [transcoder.healthPort],
            egressPorts: [https],
          },
          {
            name: 'events',
            selector: selectorLabels(release, 'events'),
            metricsPorts: [events.port],
            egressPorts: [https, 80, settings.redis.port],
          },
          // Present whether or not the web app runs: a policy selecting no pod allows nothing.
          // It serves files and calls nothing, so it gets no egress beyond DNS.
          {
            name: 'web',
            selector: selectorLabels(release, 'web'),
            publicPorts: [WEB_PORT],
            egressPorts: [],
          },
        ],
      });
      // With its API proxy (kind), the web pods also call the api and admin pods, and only those.
      // Their own policies already take any source on that port (the ALB's), the web pods too.
      Gate.when(gate, 'web-api-proxy', { settings, path: 'web.apiProxy.enabled' }, (g) => {
        new PodCallsPolicy(g, 'web-api-proxy', {
          name: resourceName(release, 'web-api-proxy'),
          labels: componentLabels(release, 'network-policy'),
          selector: selectorLabels(release, 'web'),
          calls: [
            { selector: selectorLabels(release, 'api'), port: api.port },
            { selector: selectorLabels(release, 'admin'), port: admin.port },
          ],
        });
      });
    });

    Gate.when(this, 'monitoring', { settings, path: 'monitoring.enabled' }, (gate) => {
      const labels = componentLabels(release, 'monitoring');
      new Monitoring(gate, 'prometheus', {
        name: release.fullname,
        labels,
        prometheusRelease: settings.monitoring.prometheusRelease,
        scrapeInterval: settings.monitoring.scrapeInterval,
        targets: [
          { name: api.name, selector: selectorLabels(release, 'api'), port: 'http' },
          { name: admin.name, selector: selectorLabels(release, 'admin'), port: 'http' },
          {
            name: transcoder.name,
            selector: selectorLabels(release, 'transcoder'),
            port: 'metrics',
          },
          { name: events.name, selector: selectorLabels(release, 'events'), port: 'metrics' },
        ],
        ruleGroups: props.ruleGroups,
      });
      new Dashboards(gate, 'dashboards', {
        folder: props.dashboardsFolder,
        namePrefix: resourceName(release, 'dashboard'),
        labels,
      });
    });
  }
}

/**
 * Runs `build` twice under exclusive gates: with `route` when the web app is on, without it when
 * it is off, so the chart switches the route with `web.enabled` as synth does.
 */
function withWebRoute(
  scope: Construct,
  settings: Settings,
  route: IngressRoute,
  build: (gate: Gate, routes: IngressRoute[]) => void,
): void {
  Gate.when(scope, 'with-web', { settings, path: 'web.enabled' }, (g) => build(g, [route]));
  Gate.when(scope, 'without-web', { settings, path: 'web.enabled', equals: false }, (g) =>
    build(g, []),
  );
}

/**
 * The HLS signing keys, from the api's own Secret (the ExternalSecret writes it from Secrets
 * Manager). Optional: without External Secrets (kind) the Secret does not exist and the app
 * Secret's value, if any, stays; outside LOCAL_MODE the api refuses to start without a key.
 */
function signingKeys(scope: Construct, secretName: string): Record<string, kplus.EnvValue> {
  const secret = kplus.Secret.fromSecretName(scope, 'signing-keys', secretName);
  return Object.fromEntries(
    Object.keys(PLAYBACK_SIGNING_KEYS).map((key) => [
      key,
      kplus.EnvValue.fromSecretValue({ secret, key }, { optional: true }),
    ]),
  );
}

/** REDIS_URL from the Redis Secret (the ExternalSecret on EKS, kind/redis.yaml on kind). */
function redisUrl(scope: Construct, secretName: string, optional: boolean): kplus.EnvValue {
  const secret = kplus.Secret.fromSecretName(scope, 'redis-secret', secretName);
  return kplus.EnvValue.fromSecretValue({ secret, key: REDIS_URL_KEY }, { optional });
}

function serviceAccount(
  scope: Construct,
  settings: Settings,
  component: string,
  roleArn: string,
  automountToken = false,
): kplus.IServiceAccount {
  return new IrsaServiceAccount(scope, 'service-account', {
    name: resourceName(settings.release, component),
    labels: componentLabels(settings.release, component),
    roleArn,
    automountToken,
  }).serviceAccount;
}
