import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../src/settings.ts';
import { exampleSettings, synthEnv, synthSettings } from '../support/fixtures.ts';
import { schemaErrors } from '../support/k8s-schemas.ts';
import { find, type K8sObject } from '../support/objects.ts';
import { template, parseObjects } from '../support/chart.ts';

const withPolicies = (overrides: Partial<Settings['networkPolicies']> = {}): Settings => ({
  ...exampleSettings,
  networkPolicies: { ...exampleSettings.networkPolicies, enabled: true, ...overrides },
});
const withApiProxy = (settings: Settings): Settings => ({
  ...settings,
  web: { ...settings.web, apiProxy: { enabled: true } },
});
const policies = (objects: readonly K8sObject[]) =>
  objects.filter((o) => o.kind === 'NetworkPolicy');
const tcp = (...ports: number[]) => ports.map((port) => ({ protocol: 'TCP', port }));
const component = (name: string) => ({
  'app.kubernetes.io/instance': 'videoforge',
  'app.kubernetes.io/component': name,
});

describe('NetworkPolicies', () => {
  it('are off by default: Fargate does not enforce them', () => {
    expect(defaultSettings.networkPolicies.enabled).toBe(false);
    for (const env of ['default', 'eks', 'kind', 'localstack'] as const)
      expect(policies(synthEnv(env))).toEqual([]);
  });

  const objects = synthSettings(withPolicies());
  const byName = (name: string) => find(objects, 'NetworkPolicy', `videoforge-${name}`).spec;

  it('deny everything in the namespace, then allow DNS to kube-system', () => {
    expect(policies(objects).map((p) => p.metadata.name)).toEqual(
      ['default-deny', 'dns', 'api', 'admin', 'transcoder', 'events', 'web'].map(
        (n) => `videoforge-${n}`,
      ),
    );
    expect(byName('default-deny')).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(byName('dns')).toEqual({
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
            },
          ],
          ports: [
            { protocol: 'UDP', port: 53 },
            { protocol: 'TCP', port: 53 },
          ],
        },
      ],
    });
  });

  it('let the ALB reach api, admin and web on 8080, Prometheus the metrics ports', () => {
    for (const name of ['api', 'admin', 'web']) {
      const spec = byName(name);
      expect(spec.podSelector.matchLabels).toMatchObject(component(name));
      expect(spec.ingress).toEqual([{ ports: tcp(8080) }]);
    }
    const monitoring = [
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } },
    ];
    expect(byName('transcoder').ingress).toEqual([{ from: monitoring, ports: tcp(9100) }]);
    expect(byName('events').ingress).toEqual([{ from: monitoring, ports: tcp(9200) }]);
    // The selectors match the Deployments' pods.
    for (const name of ['api', 'admin', 'transcoder', 'events', 'web']) {
      const labels = find(objects, 'Deployment', `videoforge-${name}`).spec.template.metadata
        .labels;
      expect(labels).toMatchObject(byName(name).podSelector.matchLabels);
    }
  });

  it('let each workload call out only on the ports it needs', () => {
    expect(byName('transcoder').egress).toEqual([{ ports: tcp(443) }]);
    expect(byName('api').egress).toEqual([{ ports: tcp(443) }]);
    expect(byName('admin').egress).toEqual([{ ports: tcp(443, 443, 6379) }]);
    expect(byName('events').egress).toEqual([{ ports: tcp(443, 80, 6379) }]);
    // The web app serves files and calls nothing: no egress rule at all (DNS comes from 'dns'),
    // where an empty rule would allow every port.
    expect(byName('web').egress).toEqual([]);
    const kind = synthSettings(
      withPolicies({ kubernetesApiPort: 6443, monitoringNamespace: 'observability' }),
    );
    expect(find(kind, 'NetworkPolicy', 'videoforge-admin').spec.egress).toEqual([
      { ports: tcp(443, 6443, 6379) },
    ]);
    expect(
      find(kind, 'NetworkPolicy', 'videoforge-events').spec.ingress[0].from[0].namespaceSelector,
    ).toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'observability' } });
  });

  it('validate against the Kubernetes schema', () => {
    expect(policies(objects).flatMap(schemaErrors)).toEqual([]);
  });

  it('render from the chart with networkPolicies.enabled, identical to npm run synth', () => {
    const result = template([
      '--set',
      'networkPolicies.enabled=true',
      '--set',
      'networkPolicies.kubernetesApiPort=6443',
    ]);
    expect(result.stderr).toBe('');
    const rendered = policies(parseObjects(result.stdout));
    expect(rendered.flatMap(schemaErrors)).toEqual([]);
    const synthesized = policies(synthSettings(withPolicies({ kubernetesApiPort: 6443 }))).map(
      (o) => o.metadata.name,
    );
    expect(rendered.map((o) => o.metadata.name)).toEqual(synthesized);
    expect(find(rendered, 'NetworkPolicy', 'videoforge-admin').spec.egress).toEqual([
      { ports: tcp(443, 6443, 6379) },
    ]);
    expect(policies(parseObjects(template([]).stdout))).toEqual([]);
  });
});

describe('NetworkPolicies with the web API proxy (web.apiProxy.enabled, kind)', () => {
  const objects = synthSettings(withApiProxy(withPolicies()));
  const spec = (name: string) => find(objects, 'NetworkPolicy', `videoforge-${name}`).spec;
  const podLabels = (name: string) =>
    find(objects, 'Deployment', `videoforge-${name}`).spec.template.metadata.labels;
  const containerPort = (name: string) =>
    find(objects, 'Deployment', `videoforge-${name}`).spec.template.spec.containers[0].ports[0]
      .containerPort;

  it('add one egress-only policy: the web pods may call the api and admin pods, on their port only', () => {
    expect(policies(objects).map((p) => p.metadata.name)).toEqual(
      ['default-deny', 'dns', 'api', 'admin', 'transcoder', 'events', 'web', 'web-api-proxy'].map(
        (n) => `videoforge-${n}`,
      ),
    );
    const proxy = spec('web-api-proxy');
    expect(proxy.policyTypes).toEqual(['Egress']);
    expect(proxy).not.toHaveProperty('ingress');
    expect(proxy.podSelector.matchLabels).toMatchObject(component('web'));
    expect(podLabels('web')).toMatchObject(proxy.podSelector.matchLabels);
    expect(proxy.egress).toHaveLength(2);
    for (const [i, name] of ['api', 'admin'].entries()) {
      const rule = proxy.egress[i];
      expect(rule.to).toEqual([{ podSelector: { matchLabels: expect.any(Object) } }]);
      expect(rule.to[0].podSelector.matchLabels).toMatchObject(component(name));
      expect(podLabels(name)).toMatchObject(rule.to[0].podSelector.matchLabels);
      // The pods' port (after the Service's translation), which is what a policy sees.
      expect(rule.ports).toEqual(tcp(containerPort(name)));
    }
    // The web policy itself still calls nothing.
    expect(spec('web').egress).toEqual([]);
  });

  it("need nothing more on the api and admin side: their port is open to any pod (the ALB's)", () => {
    for (const name of ['api', 'admin']) {
      expect(spec(name).ingress).toEqual([{ ports: tcp(containerPort(name)) }]);
    }
  });

  it('validate against the Kubernetes schema, and render from the chart as by synth', () => {
    expect(policies(objects).flatMap(schemaErrors)).toEqual([]);
    const result = template([
      '--set',
      'networkPolicies.enabled=true',
      '--set',
      'web.apiProxy.enabled=true',
    ]);
    expect(result.stderr).toBe('');
    const rendered = policies(parseObjects(result.stdout));
    expect(find(rendered, 'NetworkPolicy', 'videoforge-web-api-proxy').spec).toEqual(
      spec('web-api-proxy'),
    );
    const withoutPolicies = parseObjects(template(['--set', 'web.apiProxy.enabled=true']).stdout);
    expect(policies(withoutPolicies)).toEqual([]);
  });

  it('are not rendered while the proxy is off', () => {
    const off = synthSettings(withPolicies());
    expect(off.some((o) => o.metadata.name === 'videoforge-web-api-proxy')).toBe(false);
    expect(synthEnv('kind').some((o) => o.kind === 'NetworkPolicy')).toBe(false);
  });
});
