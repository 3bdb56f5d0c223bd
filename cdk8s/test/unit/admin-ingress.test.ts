import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../src/settings.ts';
import { exampleSettings, synthSettings } from '../support/fixtures.ts';
import { parseObjects, template } from '../support/chart.ts';
import { schemaErrors } from '../support/k8s-schemas.ts';
import { find, type K8sObject } from '../support/objects.ts';

const separate = (admin: Partial<Settings['ingress']['admin']> = {}): Settings => ({
  ...exampleSettings,
  ingress: {
    ...exampleSettings.ingress,
    admin: { ...exampleSettings.ingress.admin, separate: true, ...admin },
  },
});
const ingresses = (objects: readonly K8sObject[]) => objects.filter((o) => o.kind === 'Ingress');
const paths = (ingress: K8sObject) =>
  ingress.spec.rules[0].http.paths.map((p: K8sObject) => `${p.path} -> ${p.backend.service.name}`);
const scheme = 'alb.ingress.kubernetes.io/scheme';
const cidrs = 'alb.ingress.kubernetes.io/inbound-cidrs';
const group = 'alb.ingress.kubernetes.io/group.name';

describe('a separate admin Ingress (ingress.admin.separate)', () => {
  it('is off by default: one public Ingress serves /api/admin, /api and the web app', () => {
    expect(defaultSettings.ingress.admin).toEqual({
      separate: false,
      scheme: 'internal',
      inboundCidrs: '0.0.0.0/0',
    });
    const [only, ...rest] = ingresses(synthSettings(exampleSettings));
    expect(rest).toEqual([]);
    expect(paths(only as K8sObject)).toEqual([
      '/api/admin -> videoforge-admin',
      '/api -> videoforge-api',
      '/ -> videoforge-web',
    ]);
  });

  it('moves /api/admin to an internal ALB of its own, off the public one', () => {
    const objects = synthSettings(separate({ inboundCidrs: '10.0.0.0/8,192.168.0.0/16' }));
    expect(ingresses(objects).map((i) => i.metadata.name)).toEqual([
      'videoforge',
      'videoforge-admin',
    ]);
    const publicIngress = find(objects, 'Ingress', 'videoforge');
    // /api/admin on the public ALB falls under /api (the api answers 404), never under /.
    expect(paths(publicIngress)).toEqual(['/api -> videoforge-api', '/ -> videoforge-web']);
    expect(publicIngress.metadata.annotations[scheme]).toBe('internet-facing');
    expect(publicIngress.metadata.annotations[cidrs]).toBeUndefined();
    const adminIngress = find(objects, 'Ingress', 'videoforge-admin');
    expect(paths(adminIngress)).toEqual(['/api/admin -> videoforge-admin']);
    expect(adminIngress.metadata.annotations).toMatchObject({
      [scheme]: 'internal',
      [cidrs]: '10.0.0.0/8,192.168.0.0/16',
      [group]: 'videoforge-admin',
    });
    expect(ingresses(objects).flatMap(schemaErrors)).toEqual([]);
  });

  it('renders from the chart as npm run synth does, and refuses a malformed CIDR list', () => {
    const result = template([
      '--set',
      'ingress.admin.separate=true',
      '--set',
      'ingress.admin.scheme=internet-facing',
      '--set-string',
      'ingress.admin.inboundCidrs=203.0.113.0/24',
    ]);
    expect(result.stderr).toBe('');
    const rendered = ingresses(parseObjects(result.stdout));
    expect(rendered.flatMap(schemaErrors)).toEqual([]);
    const admin = find(rendered, 'Ingress', 'videoforge-admin');
    expect(admin.metadata.annotations).toMatchObject({
      [scheme]: 'internet-facing',
      [cidrs]: '203.0.113.0/24',
      [group]: 'videoforge-admin',
    });
    expect(paths(find(rendered, 'Ingress', 'videoforge'))).toEqual([
      '/api -> videoforge-api',
      '/ -> videoforge-web',
    ]);

    const bad = template([
      '--set',
      'ingress.admin.separate=true',
      '--set',
      'ingress.admin.inboundCidrs=everyone',
    ]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr).toMatch(/inboundCidrs/);
  });
});
