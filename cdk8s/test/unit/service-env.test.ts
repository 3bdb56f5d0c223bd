import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadAdminConfig } from '../../../services/admin/src/config.ts';
import { loadApiConfig } from '../../../services/api/src/config.ts';
import { loadTranscoderConfig } from '../../../services/transcoder/src/config.ts';
import { PARAMETERS } from '../../src/constructs/app-secrets.ts';
import { find, type K8sObject } from '../support/objects.ts';
import { synthEnv } from '../support/fixtures.ts';

/**
 * The environment a pod would get: ConfigMap, then the app Secret (here: what the ExternalSecret
 * writes), then the container's own variables; fieldRefs resolved as the kubelet would.
 */
function podEnv(objects: readonly K8sObject[], name: string): NodeJS.ProcessEnv {
  const container = find(objects, 'Deployment', `videoforge-${name}`).spec.template.spec
    .containers[0];
  const env: Record<string, string> = {};
  for (const source of container.envFrom) {
    if (source.configMapRef)
      Object.assign(env, find(objects, 'ConfigMap', source.configMapRef.name).data);
    if (source.secretRef) {
      expect(source.secretRef.name).toBe(find(objects, 'ExternalSecret').spec.target.name);
      for (const key of Object.keys(PARAMETERS)) env[key] = `value-of-${key}`;
    }
  }
  for (const variable of container.env ?? []) {
    env[variable.name] =
      variable.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace'
        ? 'videoforge'
        : variable.value;
  }
  return env;
}

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
    const config = loadApiConfig(podEnv(objects, 'api'));
    expect(config.http.port).toBe(8080);
    expect(config.bucket).toBe(appConfig(objects).data.S3_BUCKET);
    expect(config.cognito.userPoolId).toBe('value-of-COGNITO_USER_POOL_ID');
    expect(config.cache.servers).toBeUndefined();
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
});
