import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src/settings.ts';
import { find, kinds } from '../support/objects.ts';
import { schemaErrors } from '../support/k8s-schemas.ts';
import { ENVIRONMENTS, synthEnv } from '../support/fixtures.ts';

const objects = synthEnv('default');

describe('the synthesized manifests', () => {
  it('emit the kinds the issue asks for', () => {
    expect(kinds(objects)).toEqual([
      'ConfigMap',
      'Deployment',
      'ExternalSecret',
      'HorizontalPodAutoscaler',
      'Ingress',
      'PodDisruptionBudget',
      'PrometheusRule',
      'Role',
      'RoleBinding',
      'ScaledObject',
      'SecretStore',
      'Service',
      'ServiceAccount',
      'ServiceMonitor',
      'TriggerAuthentication',
    ]);
  });

  it.each(ENVIRONMENTS)('validate against the Kubernetes, KEDA and CRD schemas (%s)', (env) => {
    const manifests = synthEnv(env);
    expect(manifests.length).toBeGreaterThan(10);
    expect(manifests.flatMap(schemaErrors)).toEqual([]);
  });

  it('leave out the parts kind has no controller for', () => {
    const kind = kinds(synthEnv('kind'));
    for (const absent of [
      'Ingress',
      'ServiceMonitor',
      'PrometheusRule',
      'SecretStore',
      'ExternalSecret',
    ]) {
      expect(kind).not.toContain(absent);
    }
  });

  it('put every object in the release namespace with app.kubernetes.io labels', () => {
    for (const o of objects) {
      expect(o.metadata.namespace).toBe('videoforge');
      expect(o.metadata.name).toMatch(/^videoforge(-|$)/);
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/instance': 'videoforge',
        'app.kubernetes.io/part-of': 'videoforge',
        'app.kubernetes.io/managed-by': 'cdk8s',
        'app.kubernetes.io/version': defaultSettings.release.appVersion,
      });
      expect(o.metadata.labels['app.kubernetes.io/name']).toBeTruthy();
    }
  });
});

describe('the schema check itself', () => {
  it('rejects a mistyped built-in object, an unknown CRD field and an unknown kind', () => {
    const deployment = structuredClone(find(objects, 'Deployment', 'videoforge-api'));
    deployment.spec.replicas = 'two';
    expect(schemaErrors(deployment).join()).toMatch(/replicas must be integer/);

    const monitor = structuredClone(find(objects, 'ServiceMonitor', 'videoforge-api'));
    monitor.spec.endpoints[0].intervall = '30s';
    expect(schemaErrors(monitor).join()).toMatch(/intervall: unknown field/);

    const scaled = structuredClone(find(objects, 'ScaledObject'));
    scaled.spec.triggers[0].metadata.queueLength = 1;
    expect(schemaErrors(scaled).join()).toMatch(/must be string/);

    expect(schemaErrors({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' } })).toEqual([
      'v1/Pod x: no schema to validate against',
    ]);
  });
});
