import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdminConfig } from '@videoforge/admin';
import { loadApiConfig } from '@videoforge/api';
import { loadEventsConfig } from '@videoforge/events';
import { loadTranscoderConfig } from '@videoforge/transcoder';
import { CONFIG_READERS, type ConfigKey } from '../../src/constructs/app-config.ts';
import { find, type K8sObject } from '../support/objects.ts';
import { exampleSettings, synthEnv } from '../support/fixtures.ts';
import { deployedStack, podEnv, redisToken } from '../support/pod-env.ts';

/** The settings ConfigMap (the others carry Grafana dashboards). */
function appConfig(objects: K8sObject[]): K8sObject {
  const maps = objects.filter(
    (o: K8sObject) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === undefined,
  );
  if (maps.length !== 1) throw new Error(`expected one settings ConfigMap, found ${maps.length}`);
  return maps[0] as K8sObject;
}

describe('the environment the manifests give each service', () => {
  const objects = synthEnv('default');

  it('is accepted by the api configuration, with the ports and names of the manifests', () => {
    // Everything comes from the manifests and what the ExternalSecrets read from the AWS stack.
    const stack = deployedStack();
    const config = loadApiConfig(podEnv(objects, 'api', stack));
    expect(config.http.port).toBe(8080);
    // Behind the ALB: one proxy hop, so login throttling keys on the address the ALB saw.
    expect(config.http.trustedProxyHops).toBe(1);
    expect(config.bucket).toBe(appConfig(objects).data.S3_BUCKET);
    expect(config.cognito.userPoolId).toBe('value-of-COGNITO_USER_POOL_ID');
    expect(config.cache.servers).toBeUndefined();
    // The key the stack generated; no previous key before the first rotation.
    const keys = JSON.parse(Object.values(stack.secrets)[0] as string);
    expect(config.playback.signingSecret).toBe(keys.current);
    expect(config.playback.previousSigningSecret).toBeUndefined();
  });

  it('makes the api refuse to start, naming PLAYBACK_SIGNING_SECRET, until the signing keys arrive', () => {
    const withoutKeys = { ...deployedStack(), secrets: {} };
    expect(() => loadApiConfig(podEnv(objects, 'api', withoutKeys))).toThrow(
      /PLAYBACK_SIGNING_SECRET is required outside LOCAL_MODE/,
    );
  });

  it('gives the signing keys to the api only', () => {
    for (const name of ['admin', 'transcoder', 'events']) {
      expect(Object.keys(podEnv(objects, name))).not.toContain('PLAYBACK_SIGNING_SECRET');
    }
  });

  it('is accepted by the admin configuration, which sees its namespace and the DLQ', () => {
    const noServiceAccount = mkdtempSync(path.join(tmpdir(), 'videoforge-sa-'));
    const config = loadAdminConfig(podEnv(objects, 'admin'), noServiceAccount);
    expect(config.dlqUrl).toBe(appConfig(objects).data.SQS_DLQ_URL);
    expect(config.cluster.namespace).toBe('videoforge');
    expect(config.cluster.transcoderSelector).toContain('app.kubernetes.io/instance=videoforge');
  });

  it('is accepted by the transcoder configuration, draining within the pod grace period', () => {
    const config = loadTranscoderConfig(podEnv(objects, 'transcoder'));
    const pod = find(objects, 'Deployment', 'videoforge-transcoder').spec.template.spec;
    expect(config.health.port).toBe(9100);
    expect(config.scratchDir).toBe('/scratch');
    expect(config.consumer.shutdownGraceSeconds).toBeLessThan(pod.terminationGracePeriodSeconds);
  });

  it('is accepted by the events configuration: TLS Redis with the stack token, port 9200, the delivery settings', () => {
    const stack = deployedStack();
    const config = loadEventsConfig(podEnv(objects, 'events', stack));
    const pod = find(objects, 'Deployment', 'videoforge-events').spec.template.spec;
    expect(config.health.port).toBe(9200);
    expect(config.table).toBe(appConfig(objects).data.DYNAMODB_TABLE);
    expect(config.dlqUrl).toBe(appConfig(objects).data.SQS_DLQ_URL);
    const redis = new URL(config.redisUrl);
    expect(redis.protocol).toBe('rediss:');
    expect(redis.password).toBe(redisToken(stack));
    expect(`${redis.hostname}:${redis.port}`).toBe(`${exampleSettings.redis.host}:6379`);
    expect(config.pollMs).toBe(1000);
    expect(config.delivery).toMatchObject({
      maxAttempts: 12,
      backoff: { baseMs: 30_000, maxMs: 21_600_000 },
      disableAfterFailures: 50,
      concurrency: 16,
    });
    expect(config.maintenance).toEqual({
      abandonedUploadMs: 24 * 3600_000,
      reconcileAfterMs: 900_000,
      reconcileEveryMs: 300_000,
      expireUploadsEveryMs: 3600_000,
    });
    expect(config.shutdownGraceSeconds).toBeLessThan(pod.terminationGracePeriodSeconds);
  });

  it('makes the events service wait for the Redis Secret, and gives the admin the same URL', () => {
    const stack = deployedStack();
    const withoutToken = { ...stack, secrets: { ...stack.secrets } };
    delete (withoutToken.secrets as Record<string, string>)[exampleSettings.redis.authSecret];
    expect(() => podEnv(objects, 'events', withoutToken)).toThrow(
      /events waits for the Secret videoforge-redis/,
    );
    const noServiceAccount = mkdtempSync(path.join(tmpdir(), 'videoforge-sa-'));
    const admin = (aws: typeof stack) =>
      loadAdminConfig(podEnv(objects, 'admin', aws), noServiceAccount);
    expect(admin(withoutToken).redisUrl).toBeUndefined();
    expect(admin(stack).redisUrl).toBe(loadEventsConfig(podEnv(objects, 'events', stack)).redisUrl);
  });
});

describe('which service reads which ConfigMap key (the checksum/config of its pods)', () => {
  const objects = synthEnv('default');
  const noServiceAccount = mkdtempSync(path.join(tmpdir(), 'videoforge-sa-'));
  const loaders: Record<string, (env: NodeJS.ProcessEnv) => unknown> = {
    api: loadApiConfig,
    admin: (env) => loadAdminConfig(env, noServiceAccount),
    transcoder: loadTranscoderConfig,
    events: loadEventsConfig,
  };
  /** Another valid value of each key: a service reads the key when its config changes with it. */
  const other: Record<ConfigKey, string> = {
    LOG_LEVEL: 'debug',
    AWS_REGION: 'eu-west-1',
    S3_BUCKET: 'another-bucket',
    SQS_JOBS_QUEUE_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/other-jobs',
    SQS_DLQ_URL: 'https://sqs.eu-west-1.amazonaws.com/123456789012/other-dlq',
    DYNAMODB_TABLE: 'another-table',
    MEMCACHED_SERVERS: 'cache.internal:11211',
    MAX_UPLOAD_BYTES: '1024',
    TRUSTED_PROXY_HOPS: '2',
  };

  it.each(Object.keys(loaders))('matches what the %s configuration reads', (name) => {
    const load = loaders[name] as (env: NodeJS.ProcessEnv) => unknown;
    const env = podEnv(objects, name);
    const base = JSON.stringify(load(env));
    const reads = (Object.keys(other) as ConfigKey[]).filter(
      (key) => JSON.stringify(load({ ...env, [key]: other[key] })) !== base,
    );
    const declared = (Object.keys(CONFIG_READERS) as ConfigKey[]).filter((key) =>
      (CONFIG_READERS[key] as readonly string[]).includes(name),
    );
    expect(reads).toEqual(declared);
    expect(Object.keys(other).sort()).toEqual(Object.keys(appConfig(objects).data).sort());
  });
});
