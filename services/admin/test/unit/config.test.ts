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
      trustedProxyHops: 0,
      drainSeconds: 15,
    });
    expect(config.tokens).toEqual({
      kind: 'cognito',
      userPoolId: 'us-east-1_abc',
      clientId: 'client',
    });
    expect(config.cluster).toEqual({
      inCluster: false,
      namespace: undefined,
      transcoderSelector: 'app.kubernetes.io/component=transcoder',
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

  describe('production guards', () => {
    const local = {
      ...base,
      LOCAL_MODE: 'true',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4566',
      AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4569',
      AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:9229',
      COGNITO_ISSUER: 'http://127.0.0.1:9229/pool',
      COGNITO_JWKS_URI: 'http://127.0.0.1:9229/pool/.well-known/jwks.json',
    };

    it('takes an emulator issuer in local mode, with a JWKS URI', () => {
      expect(loadAdminConfig(local, empty).tokens).toMatchObject({ kind: 'jwks' });
      expect(() => loadAdminConfig({ ...local, COGNITO_JWKS_URI: undefined }, empty)).toThrow(
        /COGNITO_JWKS_URI is required/,
      );
    });

    it('refuses the issuer override outside local mode', () => {
      expect(() => loadAdminConfig({ ...local, LOCAL_MODE: undefined }, empty)).toThrow(
        /COGNITO_ISSUER and COGNITO_JWKS_URI are local-only/,
      );
    });

    it('refuses local mode with an endpoint that is not local', () => {
      expect(() =>
        loadAdminConfig(
          { ...local, AWS_ENDPOINT_URL_DYNAMODB: 'https://dynamodb.us-east-1.amazonaws.com' },
          empty,
        ),
      ).toThrow(/AWS_ENDPOINT_URL_DYNAMODB=.* is not local/);
    });
  });
});
