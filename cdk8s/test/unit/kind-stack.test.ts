import { App, Testing } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { LOOPBACK_OFFSET, PUBLIC_PORTS } from '../../../kind/src/config.ts';
import { clusterEnv } from '../../../kind/src/service-env.ts';
import { buildServiceEnv } from '../../../local/src/env.ts';
import { loadAdminConfig } from '../../../services/admin/src/config.ts';
import { loadApiConfig } from '../../../services/api/src/config.ts';
import { KIND_REDIS, LOCAL_STACK, environments } from '../../src/environments.ts';
import { LocalStackChart } from '../../src/kind/local-stack-chart.ts';
import { kindFiles } from '../../src/outputs.ts';
import { RedisChart } from '../../src/kind/redis-chart.ts';
import { podEnv } from '../support/pod-env.ts';
import { find, type K8sObject } from '../support/objects.ts';
import { schemaErrors } from '../support/k8s-schemas.ts';
import { synthEnv } from '../support/fixtures.ts';

const objects = Testing.synth(new LocalStackChart(new App(), 'local-stack')) as K8sObject[];

describe('the kind local stack', () => {
  it('rewrites loopback addresses to the Service, but keeps the token issuer', () => {
    const env = clusterEnv(
      {
        AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${PUBLIC_PORTS.aws + LOOPBACK_OFFSET}`,
        SQS_JOBS_QUEUE_URL: `http://127.0.0.1:${PUBLIC_PORTS.aws + LOOPBACK_OFFSET}/000000000000/videoforge-jobs`,
        AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${PUBLIC_PORTS.dynamodb + LOOPBACK_OFFSET}`,
        COGNITO_ISSUER: `http://127.0.0.1:${PUBLIC_PORTS.cognito + LOOPBACK_OFFSET}/local_abc`,
        COGNITO_JWKS_URI: `http://127.0.0.1:${PUBLIC_PORTS.cognito + LOOPBACK_OFFSET}/local_abc/.well-known/jwks.json`,
        MEMCACHED_SERVERS: `127.0.0.1:${PUBLIC_PORTS.memcached + LOOPBACK_OFFSET}`,
        S3_BUCKET: 'videoforge-local',
      },
      'videoforge-local-stack',
    );
    expect(env).toEqual({
      AWS_ENDPOINT_URL_S3: 'http://videoforge-local-stack:4566',
      SQS_JOBS_QUEUE_URL: 'http://videoforge-local-stack:4566/000000000000/videoforge-jobs',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://videoforge-local-stack:4569',
      COGNITO_ISSUER: 'http://127.0.0.1:19229/local_abc',
      COGNITO_JWKS_URI: 'http://videoforge-local-stack:9229/local_abc/.well-known/jwks.json',
      MEMCACHED_SERVERS: 'videoforge-local-stack:11211',
      S3_BUCKET: 'videoforge-local',
    });
  });

  it('publishes an environment the api and admin accept in local mode (cluster-internal hosts)', () => {
    const loopback = (port: number) => `http://127.0.0.1:${port + LOOPBACK_OFFSET}`;
    const stackEnv = buildServiceEnv({
      region: 'us-east-1',
      endpoints: {
        aws: loopback(PUBLIC_PORTS.aws),
        dynamodb: loopback(PUBLIC_PORTS.dynamodb),
        cognito: loopback(PUBLIC_PORTS.cognito),
      },
      bucket: LOCAL_STACK.bucket,
      table: LOCAL_STACK.table,
      queues: {
        jobsQueueUrl: `${loopback(PUBLIC_PORTS.aws)}/000000000000/${LOCAL_STACK.jobsQueue}`,
        dlqUrl: `${loopback(PUBLIC_PORTS.aws)}/000000000000/${LOCAL_STACK.dlq}`,
      },
      userPool: { userPoolId: 'local_abc', clientId: 'client' },
      issuer: `${loopback(PUBLIC_PORTS.cognito)}/local_abc`,
      memcached: `127.0.0.1:${PUBLIC_PORTS.memcached + LOOPBACK_OFFSET}`,
    });
    const env = clusterEnv(stackEnv, LOCAL_STACK.name);
    expect(env).toMatchObject({ LOCAL_MODE: 'true', AUTH_AUTO_CONFIRM: 'true' });
    expect(loadApiConfig(env).tokens).toMatchObject({
      kind: 'jwks',
      jwksUri: `http://${LOCAL_STACK.name}:${PUBLIC_PORTS.cognito}/local_abc/.well-known/jwks.json`,
    });
    expect(loadAdminConfig(env, '/nonexistent').aws.endpoints.s3).toBe(
      `http://${LOCAL_STACK.name}:${PUBLIC_PORTS.aws}`,
    );
  });

  it('is a valid Deployment + Service whose ports match the kind values and the KEDA endpoint', () => {
    expect(objects.flatMap(schemaErrors)).toEqual([]);
    const service = find(objects, 'Service', LOCAL_STACK.name);
    expect(Object.fromEntries(service.spec.ports.map((p: K8sObject) => [p.name, p.port]))).toEqual(
      PUBLIC_PORTS,
    );
    const kind = environments.kind.overrides;
    expect(kind.aws?.jobsQueueUrl).toBe(
      `http://${LOCAL_STACK.name}:${PUBLIC_PORTS.aws}/000000000000/videoforge-jobs`,
    );
    expect(kind.transcoder?.scaling?.awsEndpoint).toBe(
      `http://${LOCAL_STACK.name}.${LOCAL_STACK.namespace}.svc.cluster.local:${PUBLIC_PORTS.aws}`,
    );
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
