import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { chartFiles } from '../../src/helm/chart-files.ts';
import { dashboardFolder, SAMPLE_DASHBOARD } from '../support/dashboards.ts';
import { ENVIRONMENTS, synthEnv, type EnvironmentName } from '../support/fixtures.ts';
import { schemaErrors } from '../support/k8s-schemas.ts';
import { helm, helmBinary } from '../support/helm-binary.ts';
import { byKey, find, type K8sObject } from '../support/objects.ts';
import { chartDir, exampleValuesFile } from '../support/chart.ts';

/** default and eks install with the example AWS stack's values, as a real install with values-aws.yaml. */
const valuesFile = (env: EnvironmentName) => [
  ...(env === 'default' || env === 'eks' ? ['-f', exampleValuesFile()] : []),
  ...(env === 'default' ? [] : ['-f', path.join(chartDir, `values-${env}.yaml`)]),
];
const example = () => ['-f', exampleValuesFile()];

/** `helm template` output as objects (helm's `# Source:` comments and empty documents dropped). */
function render(args: readonly string[], chart = chartDir): K8sObject[] {
  const result = helm(['template', ...args, chart]);
  expect(result.stderr, result.stderr).toBe('');
  expect(result.status).toBe(0);
  return parseAllDocuments(result.stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

/** The release `helm template videoforge -n videoforge` renders is `npm run synth` with Helm as manager. */
const HELM_RELEASE = { name: 'videoforge', namespace: 'videoforge', managedBy: 'Helm' };

beforeAll(() => {
  helmBinary();
});

describe('helm lint (the real binary)', () => {
  it.each(ENVIRONMENTS)('passes --strict with the %s values', (env) => {
    const result = helm(['lint', '--strict', chartDir, ...valuesFile(env)]);
    expect(result.stdout + result.stderr).toMatch(/1 chart\(s\) linted, 0 chart\(s\) failed/);
    expect(result.stdout).not.toMatch(/\[(WARNING|ERROR)\]/);
    expect(result.status).toBe(0);
  });
});

describe('helm template', () => {
  it.each(ENVIRONMENTS)('renders exactly the objects of npm run synth (%s values)', (env) => {
    const rendered = render(['videoforge', '--namespace', 'videoforge', ...valuesFile(env)]);
    const synthesized = synthEnv(env, {}, HELM_RELEASE);
    expect([...byKey(rendered).keys()].sort()).toEqual([...byKey(synthesized).keys()].sort());
    const fromHelm = byKey(rendered);
    for (const [key, object] of byKey(synthesized)) expect(fromHelm.get(key), key).toEqual(object);
  });

  it.each(ENVIRONMENTS)(
    'renders only objects that validate against their schemas (%s values)',
    (env) => {
      const rendered = render(['videoforge', '--namespace', 'videoforge', ...valuesFile(env)]);
      expect(rendered.flatMap(schemaErrors)).toEqual([]);
    },
  );

  it('names everything after the release and puts it in the release namespace', () => {
    const rendered = render(['vf-staging', '--namespace', 'media', ...example()]);
    for (const o of rendered) {
      expect(o.metadata.namespace).toBe('media');
      // Helm's convention: <release>-<chart>, unless the release name holds the chart name.
      expect(o.metadata.name).toMatch(/^vf-staging-videoforge(-|$)/);
      expect(o.metadata.labels['app.kubernetes.io/managed-by']).toBe('Helm');
    }
    expect(find(rendered, 'RoleBinding').subjects[0]).toMatchObject({
      name: 'vf-staging-videoforge-admin',
      namespace: 'media',
    });
    expect(
      find(rendered, 'Deployment', 'vf-staging-videoforge-api').spec.selector.matchLabels[
        'app.kubernetes.io/instance'
      ],
    ).toBe('vf-staging');
  });

  it('takes operator values: numbers stay numbers, large ones in full', () => {
    const rendered = render([
      'videoforge',
      ...example(),
      '--set',
      'transcoder.scaling.maxReplicas=25',
      '--set',
      'api.maxUploadBytes=10737418240',
      '--set',
      'transcoder.image.tag=1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    ]);
    expect(find(rendered, 'ScaledObject').spec.maxReplicaCount).toBe(25);
    expect(find(rendered, 'ConfigMap', 'videoforge-config').data.MAX_UPLOAD_BYTES).toBe(
      '10737418240',
    );
    expect(
      find(rendered, 'Deployment', 'videoforge-transcoder').spec.template.spec.containers[0].image,
    ).toBe(
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/videoforge/transcoder:1.2.3@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    );
  });

  it('rejects values the schema forbids', () => {
    const typo = helm([
      'template',
      'videoforge',
      chartDir,
      '--set',
      'transcoder.scaling.maxReplica=3',
    ]);
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toMatch(/maxReplica/);
    const wrongType = helm([
      'template',
      'videoforge',
      chartDir,
      '--set-string',
      'transcoder.scaling.maxReplicas=ten',
    ]);
    expect(wrongType.status).not.toBe(0);
    expect(wrongType.stderr).toMatch(/maxReplicas/);
  });

  it('builds REDIS_URL from the operator redis values, External Secrets braces kept literal', () => {
    const host = 'master.videoforge-staging-events.abc123.euw1.cache.amazonaws.com';
    const rendered = render([
      'videoforge',
      ...example(),
      '--set',
      `redis.host=${host}`,
      '--set',
      'redis.port=6380',
      '--set',
      'redis.authSecret=videoforge/staging/redis-auth',
    ]);
    const external = find(rendered, 'ExternalSecret', 'videoforge-redis');
    expect(external.spec.target.template.data).toEqual({
      REDIS_URL: `rediss://:{{ .token }}@${host}:6380`,
    });
    expect(external.spec.data[0].remoteRef.key).toBe('videoforge/staging/redis-auth');
    const noExternalSecrets = render([
      'videoforge',
      ...example(),
      '--set',
      'externalSecrets.enabled=false',
    ]);
    expect(noExternalSecrets.some((o) => o.kind === 'ExternalSecret')).toBe(false);
    expect(find(noExternalSecrets, 'Deployment', 'videoforge-events')).toBeTruthy();
  });

  it('fails an install whose first webhook retry delay exceeds the longest one', () => {
    const result = helm([
      'template',
      'videoforge',
      chartDir,
      ...example(),
      '--set',
      'events.webhooks.retryBaseSeconds=30000',
    ]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(
      /events.webhooks.retryBaseSeconds must be <= events.webhooks.retryMaxSeconds/,
    );
  });

  it('fails an install whose drain grace would not fit in the termination grace period', () => {
    const result = helm([
      'template',
      'videoforge',
      chartDir,
      ...example(),
      '--set',
      'transcoder.shutdownGraceSeconds=4000',
    ]);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(
      /transcoder.shutdownGraceSeconds must be < transcoder.terminationGracePeriodSeconds/,
    );
  });

  it('prints NOTES on install that name the release', () => {
    const result = helm([
      'install',
      'videoforge',
      chartDir,
      '--dry-run=client',
      '--namespace',
      'videoforge',
      ...example(),
    ]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      /kubectl -n videoforge get scaledobject videoforge-transcoder -w/,
    );
    expect(result.stdout).toMatch(/rollout status deployment\/videoforge-events/);
    expect(result.stdout).toContain('Web app: https://videoforge.example.com/\n');
  });
});

describe('a chart generated with dashboards', () => {
  it('keeps Grafana and Prometheus braces literal, identical to npm run synth', () => {
    const folder = dashboardFolder({ 'pipeline.json': SAMPLE_DASHBOARD });
    const chart = mkdtempSync(path.join(tmpdir(), 'videoforge-chart-'));
    for (const [file, content] of chartFiles({ dashboardsFolder: folder })) {
      mkdirSync(path.dirname(path.join(chart, file)), { recursive: true });
      writeFileSync(path.join(chart, file), content);
    }
    const rendered = render(['videoforge', '--namespace', 'videoforge', ...example()], chart);
    const dashboard = find(rendered, 'ConfigMap', 'videoforge-dashboard-pipeline');
    expect(dashboard.data['pipeline.json']).toBe(SAMPLE_DASHBOARD);
    expect(dashboard.data['pipeline.json']).toContain('{{pod}}');
    expect(JSON.stringify(find(rendered, 'PrometheusRule').spec)).toContain('{{ $value }}');
    expect(dashboard).toEqual(
      find(
        synthEnv('default', { dashboardsFolder: folder }, HELM_RELEASE),
        'ConfigMap',
        'videoforge-dashboard-pipeline',
      ),
    );
  });
});
