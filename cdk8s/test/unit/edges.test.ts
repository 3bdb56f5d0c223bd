import { Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { describe, expect, it } from 'vitest';
import { CLUSTER_RBAC_RULES } from '@videoforge/admin/cluster-rbac';
import { AdminRbac, READ_VERBS } from '../../src/constructs/admin-rbac.ts';
import { AlbIngress } from '../../src/constructs/alb-ingress.ts';
import { PARAMETERS, PLAYBACK_SIGNING_KEYS } from '../../src/constructs/app-secrets.ts';
import { deployedStack, redisToken, secretData } from '../support/pod-env.ts';
import { exampleSettings, synthEnv } from '../support/fixtures.ts';
import { find, type K8sObject } from '../support/objects.ts';

const objects = synthEnv('default');

/** Every (apiGroup, resource, verb) a set of RBAC rules grants. */
function grants(
  rules: readonly {
    apiGroups: readonly string[];
    resources: readonly string[];
    verbs: readonly string[];
  }[],
): string[] {
  return rules
    .flatMap((r) =>
      r.apiGroups.flatMap((g) =>
        r.resources.flatMap((res) => r.verbs.map((v) => `${g}/${res}:${v}`)),
      ),
    )
    .sort();
}

describe('admin RBAC', () => {
  it('grants exactly what the admin cluster view declares it reads, in its namespace only', () => {
    const role = find(objects, 'Role');
    expect(grants(role.rules)).toEqual(grants(CLUSTER_RBAC_RULES));
    expect(grants(role.rules).every((g) => READ_VERBS.includes(g.split(':')[1] as string))).toBe(
      true,
    );
    expect(objects.some((o) => o.kind === 'ClusterRole' || o.kind === 'ClusterRoleBinding')).toBe(
      false,
    );

    const binding = find(objects, 'RoleBinding');
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'Role',
      name: role.metadata.name,
    });
    expect(binding.subjects).toEqual([
      { apiGroup: '', kind: 'ServiceAccount', name: 'videoforge-admin', namespace: 'videoforge' },
    ]);
  });

  it('refuses a write verb', () => {
    const chart = Testing.chart();
    const serviceAccount = new kplus.ServiceAccount(chart, 'sa');
    expect(
      () =>
        new AdminRbac(chart, 'rbac', {
          name: 'x',
          labels: {},
          serviceAccount,
          rules: [{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['list', 'patch'] }],
        }),
    ).toThrow(/read-only, got verbs patch/);
  });
});

describe('the ALB Ingress', () => {
  const ingress = find(objects, 'Ingress');

  it('is one HTTPS ALB with ip targets, an HTTP->HTTPS redirect, the certificate and /healthz checks', () => {
    expect(ingress.spec.ingressClassName).toBe('alb');
    expect(ingress.metadata.annotations).toMatchObject({
      'alb.ingress.kubernetes.io/target-type': 'ip',
      'alb.ingress.kubernetes.io/listen-ports': '[{"HTTP": 80}, {"HTTPS": 443}]',
      'alb.ingress.kubernetes.io/ssl-redirect': '443',
      'alb.ingress.kubernetes.io/certificate-arn': exampleSettings.ingress.certificateArn,
      'alb.ingress.kubernetes.io/healthcheck-path': '/healthz',
      'alb.ingress.kubernetes.io/group.name': 'videoforge',
      'alb.ingress.kubernetes.io/scheme': 'internet-facing',
    });
    expect(
      JSON.parse(ingress.metadata.annotations['alb.ingress.kubernetes.io/listen-ports']),
    ).toHaveLength(2);
  });

  it('routes /api/admin to admin, then /api to api, then / to the web app, as Prefix paths on named ports that exist', () => {
    const [rule] = ingress.spec.rules;
    expect(rule.host).toBe(exampleSettings.ingress.host);
    const routes = rule.http.paths.map((p: K8sObject) => [
      p.path,
      p.pathType,
      p.backend.service.name,
      p.backend.service.port.name,
    ]);
    expect(routes).toEqual([
      ['/api/admin', 'Prefix', 'videoforge-admin', 'http'],
      ['/api', 'Prefix', 'videoforge-api', 'http'],
      ['/', 'Prefix', 'videoforge-web', 'http'],
    ]);
    for (const [, , service, port] of routes) {
      expect(find(objects, 'Service', service).spec.ports.map((p: K8sObject) => p.name)).toContain(
        port,
      );
    }
  });

  it('refuses a route that a broader one listed before it would shadow', () => {
    const chart = Testing.chart();
    expect(
      () =>
        new AlbIngress(chart, 'ingress', {
          name: 'x',
          labels: {},
          ingress: exampleSettings.ingress,
          routes: [
            { path: '/api', serviceName: 'api' },
            { path: '/api/admin', serviceName: 'admin' },
          ],
        }),
    ).toThrow(/\/api\/admin must come before \/api/);
  });
});

describe('secrets from Parameter Store and Secrets Manager', () => {
  const STORE_ACCOUNT = 'videoforge-parameter-store';

  it('reads both with SecretStores on one ServiceAccount that carries the IRSA role', () => {
    for (const [name, service] of [
      ['videoforge-parameter-store', 'ParameterStore'],
      ['videoforge-secrets-manager', 'SecretsManager'],
    ]) {
      expect(find(objects, 'SecretStore', name).spec.provider.aws).toEqual({
        service,
        region: 'us-east-1',
        auth: { jwt: { serviceAccountRef: { name: STORE_ACCOUNT } } },
      });
    }
    expect(find(objects, 'ServiceAccount', STORE_ACCOUNT).metadata.annotations).toEqual({
      'eks.amazonaws.com/role-arn': exampleSettings.externalSecrets.roleArn,
    });
  });

  it('writes the Secret the services load, one key per parameter below the prefix', () => {
    const external = find(objects, 'ExternalSecret', 'videoforge-secrets');
    expect(external.spec.target).toEqual({ name: 'videoforge-secrets', creationPolicy: 'Owner' });
    expect(external.spec.secretStoreRef).toEqual({
      kind: 'SecretStore',
      name: 'videoforge-parameter-store',
    });
    expect(external.spec.data).toEqual(
      Object.entries(PARAMETERS).map(([secretKey, p]) => ({
        secretKey,
        remoteRef: { key: `/videoforge/prod/${p}` },
      })),
    );
  });

  it('writes the HLS signing keys into a Secret of their own, from the JSON secret the stack generates', () => {
    const external = find(objects, 'ExternalSecret', 'videoforge-api-secrets');
    expect(external.spec).toMatchObject({
      refreshInterval: exampleSettings.externalSecrets.refreshInterval,
      secretStoreRef: { kind: 'SecretStore', name: 'videoforge-secrets-manager' },
      target: { name: 'videoforge-api-secrets', creationPolicy: 'Owner' },
    });
    expect(external.spec.data).toEqual([
      {
        secretKey: 'PLAYBACK_SIGNING_SECRET',
        remoteRef: { key: 'videoforge/prod/playback-signing-keys', property: 'current' },
      },
      {
        secretKey: 'PLAYBACK_SIGNING_SECRET_PREVIOUS',
        remoteRef: { key: 'videoforge/prod/playback-signing-keys', property: 'previous' },
      },
    ]);
  });

  it('hands the signing keys to the api alone, optional so that kind (no External Secrets) still starts', () => {
    const containerOf = (name: string) =>
      find(objects, 'Deployment', `videoforge-${name}`).spec.template.spec.containers[0];
    for (const key of Object.keys(PLAYBACK_SIGNING_KEYS)) {
      expect(containerOf('api').env).toContainEqual({
        name: key,
        valueFrom: { secretKeyRef: { name: 'videoforge-api-secrets', key, optional: true } },
      });
    }
    for (const name of ['admin', 'transcoder']) {
      expect(JSON.stringify(containerOf(name))).not.toContain('videoforge-api-secrets');
    }
  });
});

describe('the Redis URL from Secrets Manager', () => {
  const external = find(objects, 'ExternalSecret', 'videoforge-redis');

  it('is built by an ExternalSecret from the AUTH token the stack generates and the redis values', () => {
    expect(external.spec).toMatchObject({
      refreshInterval: exampleSettings.externalSecrets.refreshInterval,
      secretStoreRef: { kind: 'SecretStore', name: 'videoforge-secrets-manager' },
    });
    expect(external.spec.data).toEqual([
      {
        secretKey: 'token',
        remoteRef: { key: exampleSettings.redis.authSecret, property: 'token' },
      },
    ]);
    expect(external.spec.target).toEqual({
      name: 'videoforge-redis',
      creationPolicy: 'Owner',
      template: {
        engineVersion: 'v2',
        type: 'Opaque',
        data: {
          REDIS_URL: `rediss://:{{ .token }}@${exampleSettings.redis.host}:6379`,
        },
      },
    });
  });

  it('yields one key, a TLS URL with the token as password, that a Redis client parses', () => {
    const stack = deployedStack();
    const data = secretData(objects, 'videoforge-redis', stack);
    expect(Object.keys(data ?? {})).toEqual(['REDIS_URL']);
    const url = new URL(data?.REDIS_URL ?? '');
    expect(url.protocol).toBe('rediss:');
    expect(url.username).toBe('');
    expect(decodeURIComponent(url.password)).toBe(redisToken(stack));
    expect(url.hostname).toBe(exampleSettings.redis.host);
    expect(url.port).toBe('6379');
  });

  it('is not written while the AUTH token secret is missing', () => {
    const stack = deployedStack();
    const { [exampleSettings.redis.authSecret]: _gone, ...others } = stack.secrets;
    expect(secretData(objects, 'videoforge-redis', { ...stack, secrets: others })).toBeUndefined();
  });
});

describe('monitoring', () => {
  it('scrapes each service through a Service port that exists, labelled for kube-prometheus-stack', () => {
    const monitors = objects.filter((o) => o.kind === 'ServiceMonitor');
    expect(monitors.map((m) => m.metadata.name).sort()).toEqual([
      'videoforge-admin',
      'videoforge-api',
      'videoforge-events',
      'videoforge-transcoder',
    ]);
    for (const monitor of monitors) {
      expect(monitor.metadata.labels.release).toBe('kube-prometheus-stack');
      const [endpoint] = monitor.spec.endpoints;
      expect(endpoint).toMatchObject({ path: '/metrics', interval: '30s' });
      const matches = objects.filter(
        (o) =>
          o.kind === 'Service' &&
          Object.entries(monitor.spec.selector.matchLabels).every(
            ([k, v]) => o.metadata.labels[k] === v,
          ) &&
          o.spec.ports.some((p: K8sObject) => p.name === endpoint.port),
      );
      expect(matches).toHaveLength(1);
    }
  });

  it('alerts only on metrics that a service exports (SPEC "Metrics")', () => {
    const exported = [
      'http_request_duration_seconds',
      'videoforge_cache_requests_total',
      'videoforge_transcode_jobs_total',
      'videoforge_transcode_duration_seconds',
      'videoforge_transcode_speed_ratio',
      'videoforge_queue_messages',
      'videoforge_transcode_stalls_total',
      'videoforge_transcode_jobs_in_progress',
      'videoforge_time_to_ready_seconds',
      // The events service.
      'videoforge_webhook_deliveries_total',
      'videoforge_webhook_delivery_duration_seconds',
      'videoforge_maintenance_runs_total',
      'videoforge_reconciled_total',
      'videoforge_events_queue_jobs',
      'videoforge_outbox_entries',
    ];
    const rule = find(objects, 'PrometheusRule');
    expect(rule.metadata.labels.release).toBe('kube-prometheus-stack');
    const exprs: string[] = rule.spec.groups.flatMap((g: K8sObject) =>
      g.rules.map((r: K8sObject) => r.expr),
    );
    expect(exprs.length).toBeGreaterThan(0);
    for (const expr of exprs) {
      const metrics = expr.match(/\b[a-z_]+(?=\{|\[)/g) ?? [];
      expect(metrics.length).toBeGreaterThan(0);
      for (const metric of metrics) {
        expect(exported).toContain(metric.replace(/_(count|sum|bucket)$/, ''));
      }
    }
  });
});
