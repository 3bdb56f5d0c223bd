import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../src/settings.ts';
import { validateSettings } from '../../src/settings-rules.ts';
import { valuesOf } from '../../src/settings.ts';
import { exampleSettings, synthEnv, synthSettings } from '../support/fixtures.ts';
import { schemaErrors } from '../support/k8s-schemas.ts';
import { find, type K8sObject } from '../support/objects.ts';
import { parseObjects, template } from '../support/chart.ts';

const GROUPS = ['sg-0123456789abcdef0', 'sg-0fedcba9876543210'];
const withPolicy = (
  policy: Partial<Settings['transcoder']['securityGroupPolicy']> = {},
): Settings => ({
  ...exampleSettings,
  transcoder: {
    ...exampleSettings.transcoder,
    securityGroupPolicy: { enabled: true, groupIds: GROUPS, ...policy },
  },
});
const policies = (objects: readonly K8sObject[]) =>
  objects.filter((o) => o.kind === 'SecurityGroupPolicy');

describe('the transcoder SecurityGroupPolicy (transcoder.securityGroupPolicy)', () => {
  it('is off by default and in every shipped environment', () => {
    expect(defaultSettings.transcoder.securityGroupPolicy).toEqual({
      enabled: false,
      groupIds: [],
    });
    for (const env of ['default', 'eks', 'kind', 'localstack'] as const)
      expect(policies(synthEnv(env))).toEqual([]);
  });

  const objects = synthSettings(withPolicy());

  it('gives exactly the transcoder pods the configured security groups', () => {
    const policy = find(objects, 'SecurityGroupPolicy', 'videoforge-transcoder');
    expect(policy.apiVersion).toBe('vpcresources.k8s.aws/v1beta1');
    expect(policy.metadata.namespace).toBe('videoforge');
    expect(policy.spec.securityGroups).toEqual({ groupIds: GROUPS });
    const podLabels = find(objects, 'Deployment', 'videoforge-transcoder').spec.template.metadata
      .labels;
    expect(podLabels).toMatchObject(policy.spec.podSelector.matchLabels);
    for (const other of ['api', 'admin', 'events']) {
      const labels = find(objects, 'Deployment', `videoforge-${other}`).spec.template.metadata
        .labels;
      expect(labels, other).not.toMatchObject(policy.spec.podSelector.matchLabels);
    }
  });

  it('validates against the SecurityGroupPolicy CRD schema, which refuses what AWS refuses', () => {
    expect(policies(objects).flatMap(schemaErrors)).toEqual([]);
    const policy = find(objects, 'SecurityGroupPolicy', 'videoforge-transcoder');
    const broken = (spec: unknown) => schemaErrors({ ...policy, spec });
    expect(broken({ ...policy.spec, securityGroups: { groupIds: [] } })).toEqual([
      expect.stringMatching(/groupIds: fewer than 1 items/),
    ]);
    expect(broken({ ...policy.spec, securityGroups: { ids: GROUPS } })).toEqual([
      expect.stringMatching(/securityGroups\.ids: unknown field/),
    ]);
  });

  it('needs at least one group id when enabled, in synth and in the chart', () => {
    expect(() => validateSettings(valuesOf(withPolicy({ groupIds: [] })))).toThrow(
      'transcoder.securityGroupPolicy.groupIds is required when transcoder.securityGroupPolicy.enabled',
    );
    const refused = template(['--set', 'transcoder.securityGroupPolicy.enabled=true']);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toContain("'/transcoder/securityGroupPolicy/groupIds': minItems");
    const malformed = template([
      '--set',
      'transcoder.securityGroupPolicy.enabled=true',
      '--set',
      'transcoder.securityGroupPolicy.groupIds={not-a-group}',
    ]);
    expect(malformed.status).not.toBe(0);
    expect(malformed.stderr).toMatch(
      /\/transcoder\/securityGroupPolicy\/groupIds\/0.*not-a-group|groupIds\/0/,
    );
  });

  it('renders from the chart as npm run synth does', () => {
    const result = template([
      '--set',
      'transcoder.securityGroupPolicy.enabled=true',
      '--set',
      `transcoder.securityGroupPolicy.groupIds={${GROUPS.join(',')}}`,
    ]);
    expect(result.stderr).toBe('');
    const rendered = policies(parseObjects(result.stdout));
    expect(rendered.flatMap(schemaErrors)).toEqual([]);
    expect(rendered).toEqual(
      policies(objects).map((o) => ({ ...o, metadata: rendered[0]?.metadata })),
    );
    expect(rendered[0]?.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
    expect(policies(parseObjects(template([]).stdout))).toEqual([]);
  });
});
