import { describe, expect, it } from 'vitest';
import {
  isLocalHost,
  localModeProblems,
  localUrlProblem,
  toTokenVerifierSettings,
} from '../../src/index.ts';

const endpoints = (url: string) => ({
  AWS_ENDPOINT_URL_S3: url,
  AWS_ENDPOINT_URL_SQS: url,
  AWS_ENDPOINT_URL_DYNAMODB: url,
  AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: url,
});

const reject = (problem: string): never => {
  throw new Error(problem);
};

describe('local hosts', () => {
  it('are loopback, LocalStack’s loopback name, or cluster-internal Service names', () => {
    for (const host of [
      'localhost',
      'api.localhost',
      '127.0.0.1',
      '127.1.2.3',
      '[::1]',
      'localhost.localstack.cloud',
      'sqs.us-east-1.localhost.localstack.cloud',
      'videoforge-local-stack',
      'localstack',
      'videoforge-local-stack.videoforge.svc.cluster.local',
      'localstack.videoforge.svc',
    ]) {
      expect(isLocalHost(host), host).toBe(true);
    }
  });

  it('are not public names or other addresses', () => {
    for (const host of [
      'cognito-idp.us-east-1.amazonaws.com',
      'evil.example',
      'localhost.evil.example',
      '10.0.0.5',
      '169.254.169.254',
      '[2001:db8::1]',
      'svc.cluster.local.evil.example',
    ]) {
      expect(isLocalHost(host), host).toBe(false);
    }
  });

  it('must be reached over http(s) to count', () => {
    expect(localUrlProblem('X', 'http://127.0.0.1:9229/pool')).toBeUndefined();
    expect(localUrlProblem('X', 'file://localhost/etc/passwd')).toMatch(
      /X=.* must be an http\(s\)/,
    );
    expect(localUrlProblem('X', 'https://evil.example/pool')).toMatch(/X=.* is not local/);
  });
});

describe('local mode', () => {
  it('asks nothing of endpoints outside local mode', () => {
    expect(localModeProblems({ LOCAL_MODE: false })).toEqual([]);
    expect(localModeProblems({ LOCAL_MODE: false, ...endpoints('https://vpce.example') })).toEqual(
      [],
    );
  });

  it('needs every AWS endpoint set and local, naming each variable that is not', () => {
    expect(localModeProblems({ LOCAL_MODE: true, ...endpoints('http://127.0.0.1:4566') })).toEqual(
      [],
    );
    const problems = localModeProblems({
      LOCAL_MODE: true,
      ...endpoints('http://localstack:4566'),
      AWS_ENDPOINT_URL_S3: 'https://s3.us-east-1.amazonaws.com',
      AWS_ENDPOINT_URL_DYNAMODB: undefined,
    });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^AWS_ENDPOINT_URL_S3=.* is not local/);
    expect(problems[1]).toMatch(/^AWS_ENDPOINT_URL_DYNAMODB is required with LOCAL_MODE=true/);
  });
});

describe('the token verifier', () => {
  const pool = { COGNITO_USER_POOL_ID: 'us-east-1_abc', COGNITO_CLIENT_ID: 'client' };
  const emulator = {
    COGNITO_ISSUER: 'http://127.0.0.1:9229/local_abc',
    COGNITO_JWKS_URI: 'http://127.0.0.1:9229/local_abc/.well-known/jwks.json',
  };

  it('is the user pool’s own (https) issuer outside local mode', () => {
    expect(toTokenVerifierSettings({ ...pool, LOCAL_MODE: false }, reject)).toEqual({
      kind: 'cognito',
      userPoolId: 'us-east-1_abc',
      clientId: 'client',
    });
  });

  it('refuses an issuer or JWKS override outside local mode', () => {
    expect(() =>
      toTokenVerifierSettings({ ...pool, ...emulator, LOCAL_MODE: false }, reject),
    ).toThrow(/COGNITO_ISSUER and COGNITO_JWKS_URI are local-only.*LOCAL_MODE=true/);
    expect(() =>
      toTokenVerifierSettings(
        { ...pool, COGNITO_JWKS_URI: emulator.COGNITO_JWKS_URI, LOCAL_MODE: false },
        reject,
      ),
    ).toThrow(/local-only/);
  });

  it('takes a local emulator’s issuer in local mode, but never a remote one', () => {
    expect(
      toTokenVerifierSettings({ ...pool, ...emulator, LOCAL_MODE: true }, reject),
    ).toMatchObject({ kind: 'jwks', issuer: emulator.COGNITO_ISSUER });
    expect(() =>
      toTokenVerifierSettings(
        {
          ...pool,
          ...emulator,
          COGNITO_JWKS_URI: 'http://attacker.example/jwks.json',
          LOCAL_MODE: true,
        },
        reject,
      ),
    ).toThrow(/COGNITO_JWKS_URI=.* is not local/);
    expect(() =>
      toTokenVerifierSettings(
        { ...pool, COGNITO_ISSUER: emulator.COGNITO_ISSUER, LOCAL_MODE: true },
        reject,
      ),
    ).toThrow(/COGNITO_JWKS_URI is required/);
  });
});
