import { App, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { loadAdminConfig } from '@videoforge/admin';
import { loadApiConfig } from '@videoforge/api';
import { environments, LOCAL_STACK } from '@videoforge/cdk8s/environments';
import { LocalStackChart } from '@videoforge/cdk8s/kind/local-stack-chart';
import { buildServiceEnv } from '@videoforge/local/env';
import { LOOPBACK_OFFSET, PUBLIC_PORTS } from '../../src/config.ts';
import { clusterEnv } from '../../src/service-env.ts';

type K8sObject = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const objects = Testing.synth(new LocalStackChart(new App(), 'local-stack')) as K8sObject[];
const find = (kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata?.name === name) as K8sObject;

describe('the kind local stack as other pods see it', () => {
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

  it('has the Service ports and KEDA endpoint that kind/ publishes', () => {
    const service = find('Service', LOCAL_STACK.name);
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
});
