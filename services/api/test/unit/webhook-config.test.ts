import { describe, expect, it } from 'vitest';
import { ConfigError } from '@videoforge/platform';
import { LOCAL_TARGET_POLICY, PRODUCTION_TARGET_POLICY } from '@videoforge/webhooks';
import { loadApiConfig } from '../../src/config.ts';

const production = {
  S3_BUCKET: 'videos',
  SQS_JOBS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/1/jobs',
  DYNAMODB_TABLE: 'videoforge',
  COGNITO_USER_POOL_ID: 'us-east-1_abc',
  COGNITO_CLIENT_ID: 'client',
  PLAYBACK_SIGNING_SECRET: 'a-production-secret-that-is-long-enough',
};

const local = {
  ...production,
  AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:4566',
  AWS_ENDPOINT_URL_SQS: 'http://127.0.0.1:4566',
  AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:4569',
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: 'http://127.0.0.1:9229',
  COGNITO_ISSUER: 'http://127.0.0.1:9229/local_abc',
  COGNITO_JWKS_URI: 'http://127.0.0.1:9229/local_abc/.well-known/jwks.json',
  LOCAL_MODE: 'true',
  PLAYBACK_SIGNING_SECRET: undefined,
};

describe('webhook settings of the api', () => {
  it('default to 10 per user, a day of rotation grace and the production target policy', () => {
    expect(loadApiConfig(production).webhooks).toEqual({
      maxPerUser: 10,
      rotationGraceSeconds: 86_400,
      targetPolicy: PRODUCTION_TARGET_POLICY,
    });
  });

  it('allow loopback and private targets in local mode only', () => {
    expect(loadApiConfig(local).webhooks.targetPolicy).toEqual(LOCAL_TARGET_POLICY);
  });

  it('read WEBHOOK_MAX_PER_USER and WEBHOOK_ROTATION_GRACE_SECONDS, within bounds', () => {
    const webhooks = loadApiConfig({
      ...production,
      WEBHOOK_MAX_PER_USER: '3',
      WEBHOOK_ROTATION_GRACE_SECONDS: '0',
    }).webhooks;
    expect(webhooks).toMatchObject({ maxPerUser: 3, rotationGraceSeconds: 0 });
    expect(() => loadApiConfig({ ...production, WEBHOOK_MAX_PER_USER: '0' })).toThrow(ConfigError);
    expect(() => loadApiConfig({ ...production, WEBHOOK_ROTATION_GRACE_SECONDS: '-1' })).toThrow(
      /WEBHOOK_ROTATION_GRACE_SECONDS/,
    );
  });
});
