import { describe, expect, it } from 'vitest';
import { mergeSettings } from '../../src/settings.ts';
import { containerEnv, exampleSettings, synthEnv, synthSettings } from '../support/fixtures.ts';
import { find, type K8sObject } from '../support/objects.ts';

const objects = synthEnv('default');
const deployment = (name: string) => find(objects, 'Deployment', `videoforge-${name}`);
const podSpec = (name: string) => deployment(name).spec.template.spec;

describe('pods on Fargate', () => {
  it.each(['api', 'admin', 'transcoder', 'events'])(
    '%s runs non-root on a read-only root filesystem, unprivileged',
    (name) => {
      const spec = podSpec(name);
      expect(spec.hostNetwork).toBe(false);
      expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      for (const container of spec.containers) {
        expect(container.securityContext).toMatchObject({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          privileged: false,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        });
        expect(container.volumeMounts).toContainEqual({ mountPath: '/tmp', name: 'tmp' });
      }
    },
  );

  it.each([
    ['api', '500m', '1Gi'],
    ['admin', '250m', '512Mi'],
    ['transcoder', '1', '2Gi'],
    ['events', '250m', '512Mi'],
  ])(
    '%s requests the SPEC resources, with limits equal to requests (Fargate sizes pods from them)',
    (name, cpu, memory) => {
      const { resources } = podSpec(name).containers[0];
      expect(resources.requests).toMatchObject({ cpu, memory });
      expect(resources.limits).toEqual(resources.requests);
    },
  );

  it.each(['api', 'admin'])(
    '%s probes /healthz (liveness, startup) and /readyz (readiness) on 8080',
    (name) => {
      const container = podSpec(name).containers[0];
      expect(container.ports).toEqual([{ containerPort: 8080, name: 'http' }]);
      expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
      expect(container.startupProbe.httpGet).toMatchObject({ path: '/healthz', port: 8080 });
      expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 8080 });
    },
  );

  it('gives each workload its own IRSA ServiceAccount; only admin mounts an API token', () => {
    for (const [name, roleArn] of [
      ['api', exampleSettings.api.roleArn],
      ['admin', exampleSettings.admin.roleArn],
      ['transcoder', exampleSettings.transcoder.roleArn],
      ['events', exampleSettings.events.roleArn],
    ] as const) {
      const account = find(objects, 'ServiceAccount', `videoforge-${name}`);
      expect(account.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': roleArn });
      expect(podSpec(name).serviceAccountName).toBe(`videoforge-${name}`);
      expect(podSpec(name).automountServiceAccountToken).toBe(name === 'admin');
    }
  });

  it('loads the shared ConfigMap, then the app Secret, into every service', () => {
    for (const name of ['api', 'admin', 'transcoder', 'events']) {
      expect(podSpec(name).containers[0].envFrom).toEqual([
        { configMapRef: { name: 'videoforge-config' } },
        { secretRef: { name: 'videoforge-secrets' } },
      ]);
    }
  });

  it('tells the admin service its namespace and this release transcoder pods', () => {
    const env = podSpec('admin').containers[0].env as K8sObject[];
    expect(env).toContainEqual({
      name: 'KUBERNETES_NAMESPACE',
      valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } },
    });
    expect(containerEnv(deployment('admin')).TRANSCODER_POD_SELECTOR).toBe(
      'app.kubernetes.io/name=videoforge,app.kubernetes.io/instance=videoforge,app.kubernetes.io/component=transcoder',
    );
  });

  it.each(['api', 'admin'])(
    '%s drains for SHUTDOWN_DRAIN_SECONDS on SIGTERM, and its grace period also covers 10 s of requests in flight',
    (name) => {
      const drain = Number(containerEnv(deployment(name)).SHUTDOWN_DRAIN_SECONDS);
      expect(drain).toBe(15);
      expect(podSpec(name).terminationGracePeriodSeconds).toBeGreaterThan(drain + 10);
    },
  );
});

describe('the transcoder', () => {
  const spec = podSpec('transcoder');
  const env = containerEnv(deployment('transcoder'));

  it('carries no replica count: KEDA owns it', () => {
    expect(deployment('transcoder').spec).not.toHaveProperty('replicas');
  });

  it('has a termination grace period that covers a long job and exceeds SHUTDOWN_GRACE_SECONDS', () => {
    expect(spec.terminationGracePeriodSeconds).toBe(3600);
    expect(Number(env.SHUTDOWN_GRACE_SECONDS)).toBeLessThan(spec.terminationGracePeriodSeconds);
  });

  it('mounts a size-limited scratch emptyDir at SCRATCH_DIR and asks for the ephemeral storage it needs', () => {
    expect(env.SCRATCH_DIR).toBe('/scratch');
    expect(spec.containers[0].volumeMounts).toContainEqual({
      mountPath: '/scratch',
      name: 'scratch',
    });
    expect(spec.volumes).toContainEqual({ name: 'scratch', emptyDir: { sizeLimit: '25Gi' } });
    expect(spec.containers[0].resources.requests['ephemeral-storage']).toBe('30Gi');
  });

  it('exposes only /healthz and /metrics on 9100, through a metrics Service', () => {
    expect(spec.containers[0].ports).toEqual([{ containerPort: 9100, name: 'metrics' }]);
    expect(env.HEALTH_PORT).toBe('9100');
    const service = find(objects, 'Service', 'videoforge-transcoder-metrics');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 9100, targetPort: 9100 }]);
    expect(service.spec.selector).toEqual(deployment('transcoder').spec.selector.matchLabels);
  });

  it('is scaled 0-10 by a KEDA ScaledObject on the jobs queue, with no HPA of its own', () => {
    const scaled = find(objects, 'ScaledObject');
    expect(scaled.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'videoforge-transcoder' },
      minReplicaCount: 0,
      maxReplicaCount: 10,
      pollingInterval: 15,
    });
    const [trigger] = scaled.spec.triggers;
    expect(trigger.type).toBe('aws-sqs-queue');
    expect(trigger.metadata).toMatchObject({
      queueURL: find(objects, 'ConfigMap', 'videoforge-config').data.SQS_JOBS_QUEUE_URL,
      awsRegion: 'us-east-1',
      queueLength: '1',
      activationQueueLength: '0',
      scaleOnInFlight: 'true',
    });
    const hpaTargets = objects
      .filter((o) => o.kind === 'HorizontalPodAutoscaler')
      .map((o) => o.spec.scaleTargetRef.name);
    expect(hpaTargets).not.toContain('videoforge-transcoder');
  });

  it('authenticates KEDA with its scaler-only role on EKS and with the app Secret on kind', () => {
    const [trigger] = find(objects, 'ScaledObject').spec.triggers;
    const auth = find(objects, 'TriggerAuthentication', trigger.authenticationRef.name);
    // The operator assumes the AWS stack's KedaScalerRole, never the transcoder's own role.
    expect(auth.spec).toEqual({
      podIdentity: {
        provider: 'aws',
        roleArn: 'arn:aws:iam::123456789012:role/videoforge-prod-keda-scaler',
      },
    });
    expect(auth.spec.podIdentity.roleArn).not.toBe(
      find(objects, 'ServiceAccount', 'videoforge-transcoder').metadata.annotations[
        'eks.amazonaws.com/role-arn'
      ],
    );

    const kind = synthEnv('kind');
    expect(find(kind, 'TriggerAuthentication').spec).toEqual({
      secretTargetRef: [
        { parameter: 'awsAccessKeyID', name: 'videoforge-secrets', key: 'AWS_ACCESS_KEY_ID' },
        {
          parameter: 'awsSecretAccessKey',
          name: 'videoforge-secrets',
          key: 'AWS_SECRET_ACCESS_KEY',
        },
      ],
    });
    expect(find(kind, 'ScaledObject').spec.triggers[0].metadata.awsEndpoint).toMatch(
      /^http:\/\/videoforge-local-stack\./,
    );
  });

  it('refuses a drain grace that does not fit in the termination grace period', () => {
    const settings = mergeSettings(exampleSettings, { transcoder: { shutdownGraceSeconds: 3600 } });
    expect(() => synthSettings(settings)).toThrow(
      /shutdownGraceSeconds must be < transcoder.terminationGracePeriodSeconds/,
    );
  });
});

describe('the events service', () => {
  const spec = podSpec('events');
  const container = spec.containers[0];
  const env = containerEnv(deployment('events'));

  it('probes /healthz (liveness, startup) and /readyz (readiness) on 9200, its only port', () => {
    expect(container.ports).toEqual([{ containerPort: 9200, name: 'metrics' }]);
    expect(env.PORT).toBe('9200');
    expect(container.livenessProbe.httpGet).toMatchObject({ path: '/healthz', port: 9200 });
    expect(container.startupProbe.httpGet).toMatchObject({ path: '/healthz', port: 9200 });
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 9200 });
  });

  it('is scraped through a ClusterIP Service and has no Ingress route', () => {
    const service = find(objects, 'Service', 'videoforge-events');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([{ name: 'metrics', port: 9200, targetPort: 9200 }]);
    expect(service.spec.selector).toEqual(deployment('events').spec.selector.matchLabels);
    const backends = find(objects, 'Ingress').spec.rules.flatMap((r: K8sObject) =>
      r.http.paths.map((p: K8sObject) => p.backend.service.name),
    );
    expect(backends).not.toContain('videoforge-events');
  });

  it('gets its settings as the variables the service reads, with the SPEC defaults', () => {
    expect(env).toMatchObject({
      EVENTS_POLL_MS: '1000',
      WEBHOOK_MAX_ATTEMPTS: '12',
      WEBHOOK_RETRY_BASE_SECONDS: '30',
      WEBHOOK_RETRY_MAX_SECONDS: '21600',
      WEBHOOK_DISABLE_AFTER_FAILURES: '50',
      WEBHOOK_DELIVERY_CONCURRENCY: '16',
      ABANDONED_UPLOAD_HOURS: '24',
      RECONCILE_AFTER_SECONDS: '900',
      RECONCILE_EVERY_SECONDS: '300',
      EXPIRE_UPLOADS_EVERY_SECONDS: '3600',
    });
    const custom = mergeSettings(exampleSettings, {
      events: {
        pollMs: 250,
        webhooks: { maxAttempts: 5 },
        maintenance: { abandonedUploadHours: 48 },
      },
    });
    expect(
      containerEnv(find(synthSettings(custom), 'Deployment', 'videoforge-events')),
    ).toMatchObject({
      EVENTS_POLL_MS: '250',
      WEBHOOK_MAX_ATTEMPTS: '5',
      ABANDONED_UPLOAD_HOURS: '48',
    });
  });

  it('drains deliveries in flight within its termination grace period', () => {
    expect(Number(env.SHUTDOWN_GRACE_SECONDS)).toBeLessThan(spec.terminationGracePeriodSeconds);
  });

  it('waits for REDIS_URL from the Redis Secret; the admin reads it too, optionally', () => {
    const redisUrl = (name: string) =>
      (podSpec(name).containers[0].env as K8sObject[]).find((e) => e.name === 'REDIS_URL');
    expect(redisUrl('events')).toEqual({
      name: 'REDIS_URL',
      valueFrom: { secretKeyRef: { name: 'videoforge-redis', key: 'REDIS_URL', optional: false } },
    });
    expect(redisUrl('admin')).toEqual({
      name: 'REDIS_URL',
      valueFrom: { secretKeyRef: { name: 'videoforge-redis', key: 'REDIS_URL', optional: true } },
    });
    for (const name of ['api', 'transcoder']) {
      expect(JSON.stringify(podSpec(name))).not.toContain('videoforge-redis');
    }
  });

  it('refuses a first retry delay above the longest one, and min replicas above max', () => {
    const slow = mergeSettings(exampleSettings, {
      events: { webhooks: { retryBaseSeconds: 30_000 } },
    });
    expect(() => synthSettings(slow)).toThrow(
      /events.webhooks.retryBaseSeconds must be <= events.webhooks.retryMaxSeconds/,
    );
    const inverted = mergeSettings(exampleSettings, {
      events: { autoscaling: { minReplicas: 4 } },
    });
    expect(() => synthSettings(inverted)).toThrow(/events.autoscaling.minReplicas must be <=/);
  });
});

describe('HTTP autoscaling and disruption budgets', () => {
  it('scales api 2-5 on CPU 70 % and memory 80 %, admin and events 1-3 on CPU 70 %', () => {
    const targets = (name: string) => {
      const hpa = find(objects, 'HorizontalPodAutoscaler', `videoforge-${name}`);
      expect(hpa.spec.scaleTargetRef).toEqual({
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        name: `videoforge-${name}`,
      });
      return {
        min: hpa.spec.minReplicas,
        max: hpa.spec.maxReplicas,
        metrics: hpa.spec.metrics.map((m: K8sObject) => [
          m.resource.name,
          m.resource.target.averageUtilization,
        ]),
      };
    };
    expect(targets('api')).toEqual({
      min: 2,
      max: 5,
      metrics: [
        ['cpu', 70],
        ['memory', 80],
      ],
    });
    expect(targets('admin')).toEqual({ min: 1, max: 3, metrics: [['cpu', 70]] });
    expect(targets('events')).toEqual({ min: 1, max: 3, metrics: [['cpu', 70]] });
    expect(deployment('api').spec).not.toHaveProperty('replicas');
    expect(deployment('admin').spec).not.toHaveProperty('replicas');
    expect(deployment('events').spec).not.toHaveProperty('replicas');
  });

  it('refuses minReplicas above maxReplicas', () => {
    const settings = mergeSettings(exampleSettings, { api: { autoscaling: { minReplicas: 6 } } });
    expect(() => synthSettings(settings)).toThrow(/api.autoscaling.minReplicas must be <=/);
  });

  it('protects each workload with a PodDisruptionBudget over exactly its pods', () => {
    for (const [name, budget] of [
      ['api', { minAvailable: 1 }],
      ['admin', { maxUnavailable: 1 }],
      ['transcoder', { maxUnavailable: 1 }],
      ['events', { maxUnavailable: 1 }],
    ] as const) {
      const pdb = find(objects, 'PodDisruptionBudget', `videoforge-${name}`);
      expect(pdb.spec).toMatchObject({ ...budget, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
      expect(pdb.spec.selector).toEqual(deployment(name).spec.selector);
      expect(deployment(name).spec.template.metadata.labels).toMatchObject(
        pdb.spec.selector.matchLabels,
      );
    }
  });
});
