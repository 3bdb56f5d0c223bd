import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { KIND_REDIS, LOCAL_STACK } from '../../src/environments.ts';
import { LocalStackChart } from '../../src/kind/local-stack-chart.ts';
import { kindFiles } from '../../src/outputs.ts';
import { RedisChart } from '../../src/kind/redis-chart.ts';
import { podEnv } from '../support/pod-env.ts';
import { find, type K8sObject } from '../support/objects.ts';
import { schemaErrors } from '../support/k8s-schemas.ts';
import { synthEnv } from '../support/fixtures.ts';

const objects = Testing.synth(new LocalStackChart(new App(), 'local-stack')) as K8sObject[];

describe('the kind local stack', () => {
  it('is a valid Deployment + Service (its ports are checked against kind/ in kind/test)', () => {
    expect(objects.flatMap(schemaErrors)).toEqual([]);
    expect(find(objects, 'Service', LOCAL_STACK.name).spec.ports.length).toBeGreaterThan(0);
  });

  it('may write only the Secret the release loads', () => {
    const secretName = find(synthEnv('kind'), 'Deployment', 'videoforge-api').spec.template.spec
      .containers[0].envFrom[1].secretRef.name;
    const role = find(objects, 'Role');
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      {
        apiGroups: [''],
        resources: ['secrets'],
        resourceNames: [secretName],
        verbs: ['get', 'patch', 'update'],
      },
    ]);
    const env = find(objects, 'Deployment').spec.template.spec.containers[0].env as K8sObject[];
    expect(env).toContainEqual({ name: 'SECRET_NAME', value: secretName });
  });
});

describe('the kind Redis (kind/redis.yaml, both kind profiles)', () => {
  const redis = Testing.synth(new RedisChart(new App(), 'redis')) as K8sObject[];
  const deployment = find(redis, 'Deployment', KIND_REDIS.name);
  const container = deployment.spec.template.spec.containers[0];

  it('is a valid Deployment, Service and Secret in the release namespace', () => {
    expect(redis.flatMap(schemaErrors)).toEqual([]);
    expect(redis.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'Deployment/redis',
      'Secret/videoforge-redis',
      'Service/redis',
    ]);
    for (const o of redis) expect(o.metadata.namespace).toBe(LOCAL_STACK.namespace);
  });

  it('runs a Redis image pinned by tag, non-root, read-only, with noeviction as BullMQ needs', () => {
    expect(container.image).toMatch(/^redis:\d+\.\d+(\.\d+)?-alpine$/);
    expect(container.securityContext).toMatchObject({
      runAsNonRoot: true,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
    });
    const args = container.args as string[];
    expect(args[args.indexOf('--maxmemory-policy') + 1]).toBe('noeviction');
    expect(container.readinessProbe.exec.command).toEqual(['redis-cli', 'ping']);
    const service = find(redis, 'Service', KIND_REDIS.name);
    expect(service.spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 6379 }]);
    expect(service.spec.selector).toEqual(deployment.spec.selector.matchLabels);
  });

  it('reads the same under YAML 1.1, as kubectl does (no bare yes/no/on/off turning into booleans)', () => {
    for (const [file, text] of kindFiles()) {
      const read = (version: '1.1' | '1.2') =>
        parseAllDocuments(text, { version }).map((d) => d.toJS() as unknown);
      expect(read('1.1'), file).toEqual(read('1.2'));
    }
  });

  it('holds the Secret the kind release reads REDIS_URL from, naming its own Service', () => {
    const kind = synthEnv('kind');
    for (const name of ['events', 'admin']) {
      const ref = (
        find(kind, 'Deployment', `videoforge-${name}`).spec.template.spec.containers[0]
          .env as K8sObject[]
      ).find((e) => e.name === 'REDIS_URL')?.valueFrom.secretKeyRef;
      expect(find(redis, 'Secret', ref.name).stringData).toHaveProperty(ref.key);
    }
    const url = new URL(find(redis, 'Secret', 'videoforge-redis').stringData.REDIS_URL);
    expect(url.protocol).toBe('redis:');
    expect(url.hostname).toBe(find(redis, 'Service').metadata.name);
    expect(Number(url.port)).toBe(find(redis, 'Service').spec.ports[0].port);
  });

  it('gives the kind events pod its REDIS_URL (the app Secret comes from the local-stack pod)', () => {
    const appSecret = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'videoforge-secrets' },
      stringData: { LOCAL_MODE: 'true' },
    };
    const env = podEnv([...synthEnv('kind'), ...redis, appSecret], 'events');
    expect(env.REDIS_URL).toBe(KIND_REDIS.url);
    expect(env.PORT).toBe('9200');
  });
});
