import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '@videoforge/platform';
import { loadAdminConfig } from '../../src/config.ts';

const base = {
  S3_BUCKET: 'videos',
  SQS_JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/jobs',
  SQS_DLQ_URL: 'https://sqs.us-east-1.amazonaws.com/1/jobs-dlq',
  DYNAMODB_TABLE: 'videoforge',
  COGNITO_USER_POOL_ID: 'us-east-1_abc',
  COGNITO_CLIENT_ID: 'client',
};

describe('admin configuration', () => {
  let empty: string;
  let serviceAccount: string;

  beforeAll(async () => {
    empty = await mkdtemp(join(tmpdir(), 'videoforge-sa-empty-'));
    serviceAccount = await mkdtemp(join(tmpdir(), 'videoforge-sa-'));
    await writeFile(join(serviceAccount, 'token'), 'jwt');
    await writeFile(join(serviceAccount, 'namespace'), 'videoforge\n');
  });
  afterAll(async () => {
    await rm(empty, { recursive: true, force: true });
    await rm(serviceAccount, { recursive: true, force: true });
  });

  it('has the documented defaults, and no cluster outside a pod', () => {
    const config = loadAdminConfig(base, empty);
    expect(config.http).toEqual({
      port: 8080,
      host: '0.0.0.0',
      corsOrigins: [],
      writeLimit: { limit: 120, windowSeconds: 60 },
    });
    expect(config.tokens).toEqual({
      kind: 'cognito',
      userPoolId: 'us-east-1_abc',
      clientId: 'client',
    });
    expect(config.cluster).toEqual({
      inCluster: false,
      namespace: undefined,
      transcoderSelector: 'app.kubernetes.io/name=transcoder',
    });
  });

  it('is in a cluster with the kubelet’s variable and a mounted token, in the pod’s namespace', () => {
    const env = { ...base, KUBERNETES_SERVICE_HOST: '10.100.0.1' };
    expect(loadAdminConfig(env, serviceAccount).cluster).toMatchObject({
      inCluster: true,
      namespace: 'videoforge',
    });
    expect(
      loadAdminConfig({ ...env, KUBERNETES_NAMESPACE: 'other' }, serviceAccount).cluster.namespace,
    ).toBe('other');
    expect(loadAdminConfig(env, empty).cluster.inCluster).toBe(false);
    expect(loadAdminConfig(base, serviceAccount).cluster.inCluster).toBe(false);
  });

  it('takes a CORS allow-list of exact origins', () => {
    const config = loadAdminConfig(
      { ...base, CORS_ORIGINS: 'https://app.example.com, http://localhost:3000' },
      empty,
    );
    expect(config.http.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:3000']);
  });

  it('names every bad variable at once', () => {
    const bad = {
      ...base,
      SQS_DLQ_URL: undefined,
      CORS_ORIGINS: 'https://app.example.com/path,*',
      KUBERNETES_NAMESPACE: 'Not_A_Namespace',
      RATE_LIMIT_WRITES_PER_MINUTE: '0',
    };
    let error: unknown;
    try {
      loadAdminConfig(bad, empty);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'SQS_DLQ_URL',
      'CORS_ORIGINS',
      'KUBERNETES_NAMESPACE',
      'RATE_LIMIT_WRITES_PER_MINUTE',
    ]) {
      expect(problems).toContain(name);
    }
  });

  it('needs a JWKS URI with a non-AWS issuer', () => {
    expect(() =>
      loadAdminConfig({ ...base, COGNITO_ISSUER: 'http://127.0.0.1:9229/pool' }, empty),
    ).toThrow(/COGNITO_JWKS_URI is required/);
  });
});
