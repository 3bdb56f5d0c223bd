import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bucketOrigin } from '../../src/constructs/web.ts';
import { FARGATE, milliQuantity } from '../../src/settings-rules.ts';
import { defaultSettings, mergeSettings, type Settings } from '../../src/settings.ts';
import { chartDir, parseObjects, template } from '../support/chart.ts';
import { containerEnv, exampleSettings, synthEnv, synthSettings } from '../support/fixtures.ts';
import { schemaErrors } from '../support/k8s-schemas.ts';
import { find, type K8sObject } from '../support/objects.ts';

const objects = synthEnv('default');
const deployment = find(objects, 'Deployment', 'videoforge-web');
const pod = deployment.spec.template.spec;
const container = pod.containers[0];
const webObjects = (all: readonly K8sObject[]) =>
  all.filter((o) => o.metadata.labels?.['app.kubernetes.io/component'] === 'web');
const mediaOrigin = (all: readonly K8sObject[]) =>
  containerEnv(find(all, 'Deployment', 'videoforge-web')).WEB_MEDIA_ORIGIN;
const ingressPaths = (all: readonly K8sObject[]) =>
  find(all, 'Ingress', 'videoforge').spec.rules[0].http.paths.map((p: K8sObject) => p.path);
const withWeb = (web: Partial<Settings['web']>, aws: Partial<Settings['aws']> = {}) =>
  mergeSettings<Settings>(exampleSettings, { web, aws });

describe('the web app in the cluster', () => {
  it('is on by default: a ServiceAccount, Deployment, Service, HPA and PodDisruptionBudget', () => {
    expect(defaultSettings.web.enabled).toBe(true);
    expect(webObjects(objects).map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'ServiceAccount/videoforge-web',
      'Deployment/videoforge-web',
      'Service/videoforge-web',
      'HorizontalPodAutoscaler/videoforge-web',
      'PodDisruptionBudget/videoforge-web',
    ]);
    expect(webObjects(objects).flatMap(schemaErrors)).toEqual([]);
  });

  it('runs non-root on a read-only root filesystem, without capabilities, under RuntimeDefault seccomp', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1000,
      runAsGroup: 1000,
      readOnlyRootFilesystem: true,
      privileged: false,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    // nginx's pid, temp files and rendered headers (web/nginx/nginx.conf).
    expect(container.volumeMounts).toEqual([{ mountPath: '/tmp', name: 'tmp' }]);
    expect(pod.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]);
  });

  it('has no AWS role and no Kubernetes API token, and reads no config or Secret', () => {
    const account = find(objects, 'ServiceAccount', 'videoforge-web');
    expect(account.metadata.annotations).toBeUndefined();
    expect(account.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBe('videoforge-web');
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.envFrom).toBeUndefined();
    expect(container.env.map((e: K8sObject) => e.name)).toEqual([
      'WEB_MEDIA_ORIGIN',
      'WEB_API_UPSTREAM',
      'WEB_ADMIN_UPSTREAM',
    ]);
  });

  it('probes /healthz on 8080, the port its Service names http', () => {
    expect(container.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
      expect(container[probe].httpGet).toMatchObject({ path: '/healthz', port: 8080 });
    }
    const service = find(objects, 'Service', 'videoforge-web');
    expect(service.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 8080 }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  it("fits Fargate's smallest pod, with limits equal to requests", () => {
    expect(container.resources.requests).toEqual({ cpu: '250m', memory: '256Mi' });
    expect(container.resources.limits).toEqual(container.resources.requests);
    // Fargate adds 256Mi: 0.25 vCPU / 0.5 GB, its smallest size.
    expect(milliQuantity(container.resources.requests.memory) + milliQuantity('256Mi')).toBe(
      milliQuantity('512Mi'),
    );
    expect(milliQuantity(container.resources.requests.cpu)).toBeLessThanOrEqual(
      milliQuantity(FARGATE.cpu),
    );
  });

  it('scales on CPU from at least one replica, and a budget that never blocks a drain', () => {
    expect(deployment.spec).not.toHaveProperty('replicas');
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'videoforge-web');
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: 'videoforge-web' });
    expect(hpa.spec.minReplicas).toBe(2);
    expect(hpa.spec.maxReplicas).toBe(4);
    const kindHpa = find(synthEnv('kind'), 'HorizontalPodAutoscaler', 'videoforge-web');
    expect(kindHpa.spec.minReplicas).toBeGreaterThanOrEqual(1);
    expect(find(objects, 'PodDisruptionBudget', 'videoforge-web').spec.maxUnavailable).toBe(1);
  });

  it('keeps serving for the drain before nginx stops, within the grace period', () => {
    const { drainSeconds, terminationGracePeriodSeconds } = exampleSettings.http;
    expect(container.lifecycle).toEqual({
      preStop: { exec: { command: ['sleep', String(drainSeconds)] } },
    });
    expect(pod.terminationGracePeriodSeconds).toBe(terminationGracePeriodSeconds);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(drainSeconds);
  });
});

describe('the origin its Content-Security-Policy allows for media and uploads', () => {
  it("is the bucket's, as the AWS SDK presigns it: virtual-hosted, by path for a dotted name", () => {
    expect(mediaOrigin(objects)).toBe(
      'https://videoforge-prod-123456789012.s3.us-east-1.amazonaws.com',
    );
    expect(bucketOrigin('videos.example.org', 'eu-west-1')).toBe(
      'https://s3.eu-west-1.amazonaws.com',
    );
  });

  it('is web.mediaOrigin when set, and the in-cluster S3 endpoint on kind', () => {
    expect(mediaOrigin(synthSettings(withWeb({ mediaOrigin: 'https://media.example.org' })))).toBe(
      'https://media.example.org',
    );
    expect(mediaOrigin(synthEnv('kind'))).toBe('http://videoforge-local-stack:4566');
    expect(mediaOrigin(synthEnv('localstack'))).toBe('http://localstack:4566');
  });

  it.each([
    [[], 'https://videoforge-prod-123456789012.s3.us-east-1.amazonaws.com'],
    [
      ['--set', 'aws.bucket=videos.example.org', '--set', 'aws.region=eu-west-1'],
      'https://s3.eu-west-1.amazonaws.com',
    ],
    [['--set', 'web.mediaOrigin=https://media.example.org'], 'https://media.example.org'],
  ])('is computed by the chart as by synth (%j)', (args, origin) => {
    const result = template(args);
    expect(result.stderr).toBe('');
    expect(mediaOrigin(parseObjects(result.stdout))).toBe(origin);
  });

  it('must be an origin: the chart refuses a path or a quote', () => {
    for (const bad of ['https://media.example.org/videos', 'https://x" ; script-src *']) {
      const result = template(['--set-string', `web.mediaOrigin=${bad}`]);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/mediaOrigin/);
    }
  });
});

describe('web.enabled=false', () => {
  it('removes the web objects and the / route, and keeps /api/admin and /api', () => {
    const off = synthSettings(withWeb({ enabled: false }));
    expect(webObjects(off)).toEqual([]);
    expect(ingressPaths(off)).toEqual(['/api/admin', '/api']);
    expect(ingressPaths(objects)).toEqual(['/api/admin', '/api', '/']);
  });

  it('does the same in the chart', () => {
    const result = template(['--set', 'web.enabled=false']);
    expect(result.stderr).toBe('');
    const rendered = parseObjects(result.stdout);
    expect(webObjects(rendered)).toEqual([]);
    expect(ingressPaths(rendered)).toEqual(['/api/admin', '/api']);
    const on = parseObjects(template([]).stdout);
    expect(ingressPaths(on)).toEqual(['/api/admin', '/api', '/']);
    expect(webObjects(on).flatMap(schemaErrors)).toEqual([]);
  });
});

describe('web.apiProxy: /api on the web origin where no ALB routes it', () => {
  const upstreams = (all: readonly K8sObject[]) => {
    const env = containerEnv(find(all, 'Deployment', 'videoforge-web'));
    return { api: env.WEB_API_UPSTREAM, admin: env.WEB_ADMIN_UPSTREAM };
  };
  /** The origin of a Service of `all`, as a pod of its namespace reaches it. */
  const serviceOrigin = (all: readonly K8sObject[], name: string) => {
    const service = find(all, 'Service', name);
    expect(service.metadata.namespace).toBe(
      find(all, 'Deployment', 'videoforge-web').metadata.namespace,
    );
    return `http://${name}:${service.spec.ports[0].port}`;
  };

  it('is off by default and on EKS, where the ALB routes /api: both upstreams are empty', () => {
    expect(defaultSettings.web.apiProxy.enabled).toBe(false);
    for (const all of [objects, synthEnv('eks')]) {
      expect(upstreams(all)).toEqual({ api: '', admin: '' });
    }
  });

  it("is on for both kind profiles, naming the release's api and admin Services", () => {
    for (const env of ['kind', 'localstack'] as const) {
      const all = synthEnv(env);
      expect(all.filter((o) => o.kind === 'Ingress')).toEqual([]);
      expect(upstreams(all)).toEqual({
        api: serviceOrigin(all, 'videoforge-api'),
        admin: serviceOrigin(all, 'videoforge-admin'),
      });
    }
    expect(upstreams(synthEnv('kind'))).toEqual({
      api: 'http://videoforge-api:8080',
      admin: 'http://videoforge-admin:8080',
    });
  });

  it('is computed by the chart as by synth, from the release name', () => {
    const kindValues = path.join(chartDir, 'values-kind.yaml');
    const on = template(['-f', kindValues]);
    expect(on.stderr).toBe('');
    expect(upstreams(parseObjects(on.stdout))).toEqual(upstreams(synthEnv('kind')));
    const off = template([]);
    expect(upstreams(parseObjects(off.stdout))).toEqual({ api: '', admin: '' });
    const renamed = template([
      '--set',
      'web.apiProxy.enabled=true',
      '--set',
      'fullnameOverride=vf',
    ]);
    expect(renamed.stderr).toBe('');
    const all = parseObjects(renamed.stdout);
    expect(containerEnv(find(all, 'Deployment', 'vf-web'))).toMatchObject({
      WEB_API_UPSTREAM: 'http://vf-api:8080',
      WEB_ADMIN_UPSTREAM: 'http://vf-admin:8080',
    });
    expect(find(all, 'Service', 'vf-api').spec.ports[0].port).toBe(8080);
  });
});
