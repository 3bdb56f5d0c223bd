import { describe, expect, it } from 'vitest';
import { ConfigError } from '@videoforge/platform';
import { loadApiConfig } from '../../src/config.ts';

const SECRET = 'a-production-secret-that-is-long-enough';

/** What the EKS manifests give the api (ConfigMap + app Secret), with the signing key. */
const production = {
  S3_BUCKET: 'videos',
  SQS_JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/jobs',
  DYNAMODB_TABLE: 'videoforge',
  COGNITO_USER_POOL_ID: 'us-east-1_abc',
  COGNITO_CLIENT_ID: 'client',
  PLAYBACK_SIGNING_SECRET: SECRET,
};

const emulators = (aws: string, cognito: string) => ({
  ...production,
  AWS_ENDPOINT_URL_S3: aws,
  AWS_ENDPOINT_URL_SQS: aws,
  AWS_ENDPOINT_URL_DYNAMODB: aws,
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: cognito,
  COGNITO_ISSUER: `${cognito}/local_abc`,
  COGNITO_JWKS_URI: `${cognito}/local_abc/.well-known/jwks.json`,
  AUTH_AUTO_CONFIRM: 'true',
  LOCAL_MODE: 'true',
  PLAYBACK_SIGNING_SECRET: undefined,
});

/** The problems of the ConfigError `env` raises (fails the test when it raises none). */
function problemsOf(env: NodeJS.ProcessEnv): string {
  try {
    loadApiConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.join('\n');
  }
  throw new Error('expected a ConfigError');
}

describe('api production guards', () => {
  it('verifies tokens against the user pool’s own issuer, with the configured signing keys', () => {
    const config = loadApiConfig({
      ...production,
      PLAYBACK_SIGNING_SECRET_PREVIOUS: `${SECRET}-old`,
    });
    expect(config.tokens).toEqual({
      kind: 'cognito',
      userPoolId: 'us-east-1_abc',
      clientId: 'client',
    });
    expect(config.cognito.autoConfirm).toBe(false);
    expect(config.playback).toMatchObject({
      signingSecret: SECRET,
      previousSigningSecret: `${SECRET}-old`,
      urlTtlSeconds: 3600,
      maxUrlTtlSeconds: 12 * 3600,
    });
  });

  it('refuses to start without PLAYBACK_SIGNING_SECRET outside local mode', () => {
    expect(problemsOf({ ...production, PLAYBACK_SIGNING_SECRET: undefined })).toMatch(
      /^PLAYBACK_SIGNING_SECRET is required outside LOCAL_MODE/,
    );
  });

  it('refuses each local-only switch without LOCAL_MODE, naming it and why', () => {
    expect(problemsOf({ ...production, AUTH_AUTO_CONFIRM: 'true' })).toMatch(
      /^AUTH_AUTO_CONFIRM=true is local-only .*needs LOCAL_MODE=true/,
    );
    expect(
      problemsOf({
        ...production,
        COGNITO_ISSUER: 'http://127.0.0.1:9229/local_abc',
        COGNITO_JWKS_URI: 'http://127.0.0.1:9229/local_abc/.well-known/jwks.json',
      }),
    ).toMatch(/COGNITO_ISSUER and COGNITO_JWKS_URI are local-only/);
    expect(problemsOf({ ...production, LOCAL_MODE: 'yes' })).toMatch(
      /^LOCAL_MODE="yes" is invalid/,
    );
  });

  it('runs local mode on loopback emulators, with a made-up playback key', () => {
    const config = loadApiConfig(emulators('http://127.0.0.1:4566', 'http://127.0.0.1:9229'));
    expect(config.tokens).toMatchObject({
      kind: 'jwks',
      issuer: 'http://127.0.0.1:9229/local_abc',
    });
    expect(config.cognito.autoConfirm).toBe(true);
    expect(config.playback.signingSecret).toBeUndefined();
  });

  it('runs local mode on LocalStack inside the cluster, whose tokens name localhost.localstack.cloud', () => {
    const config = loadApiConfig({
      ...emulators('http://localstack:4566', 'http://localstack:4566'),
      COGNITO_ISSUER: 'http://localhost.localstack.cloud:4566/us-east-1_abc',
    });
    expect(config.tokens).toMatchObject({ kind: 'jwks' });
  });

  it('refuses local mode when an endpoint is not local', () => {
    const env = emulators('http://127.0.0.1:4566', 'http://127.0.0.1:9229');
    expect(
      problemsOf({
        ...env,
        AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'https://cognito-idp.us-east-1.amazonaws.com',
      }),
    ).toMatch(/^AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER=.* is not local/);
    expect(problemsOf({ ...env, AWS_ENDPOINT_URL_S3: undefined })).toMatch(
      /^AWS_ENDPOINT_URL_S3 is required with LOCAL_MODE=true/,
    );
    expect(problemsOf({ ...env, COGNITO_JWKS_URI: 'http://203.0.113.7/jwks.json' })).toMatch(
      /^COGNITO_JWKS_URI=.* is not local/,
    );
  });

  it('bounds the playback link lifetime and checks the rotation keys', () => {
    expect(
      problemsOf({
        ...production,
        PLAYBACK_URL_TTL_SECONDS: '7200',
        PLAYBACK_URL_TTL_MAX_SECONDS: '3600',
      }),
    ).toMatch(/^PLAYBACK_URL_TTL_SECONDS=7200 is over PLAYBACK_URL_TTL_MAX_SECONDS=3600/);
    expect(
      problemsOf({ ...production, PLAYBACK_URL_TTL_MAX_SECONDS: String(24 * 3600 + 1) }),
    ).toMatch(/^PLAYBACK_URL_TTL_MAX_SECONDS=.* is invalid/);
    expect(problemsOf({ ...production, PLAYBACK_SIGNING_SECRET_PREVIOUS: SECRET })).toMatch(
      /PLAYBACK_SIGNING_SECRET_PREVIOUS must differ/,
    );
    expect(problemsOf({ ...production, PLAYBACK_SIGNING_SECRET: 'short' })).toMatch(
      /^PLAYBACK_SIGNING_SECRET=.* is invalid: must be at least 32 characters/,
    );
  });
});
