import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { cloudFormationTemplate } from '../../src/aws/cloudformation.ts';
import { awsValues } from '../../src/aws-values.ts';
import { EXAMPLE_STACK } from '../../src/environments.ts';
import { mergeSettings, type DeepPartial, type Settings, type Values } from '../../src/settings.ts';
import { chartDir, parseObjects, template, valuesFile } from '../support/chart.ts';
import { exampleSettings, synthSettings } from '../support/fixtures.ts';
import { helm, helmBinary } from '../support/helm-binary.ts';
import { schemaErrors } from '../support/k8s-schemas.ts';
import { byKey, find, type K8sObject } from '../support/objects.ts';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const HELM_RELEASE = { name: 'videoforge', namespace: 'videoforge', managedBy: 'Helm' };

function render(args: readonly string[]): K8sObject[] {
  const result = template(args);
  expect(result.stderr, result.stderr).toBe('');
  expect(result.status).toBe(0);
  return parseObjects(result.stdout);
}

/** `helm template` must refuse these values, naming `value` in its message. */
function refuses(args: readonly string[], message: RegExp): void {
  const result = template(args);
  expect(result.status, result.stdout.slice(0, 200)).not.toBe(0);
  expect(result.stderr).toMatch(message);
}

const podSpec = (objects: K8sObject[], name: string) =>
  find(objects, 'Deployment', `videoforge-${name}`).spec.template.spec;

beforeAll(() => {
  helmBinary();
});

describe('zero-downtime rollouts (issue 12, item 2)', () => {
  const objects = render([]);

  it('sets the ALB deregistration delay within the pods drain, whose grace period covers drain + 10 s', () => {
    const ingress = find(objects, 'Ingress');
    expect(ingress.metadata.annotations['alb.ingress.kubernetes.io/target-group-attributes']).toBe(
      'deregistration_delay.timeout_seconds=15',
    );
    for (const name of ['api', 'admin']) {
      const spec = podSpec(objects, name);
      const drain = Number(
        spec.containers[0].env.find((e: K8sObject) => e.name === 'SHUTDOWN_DRAIN_SECONDS').value,
      );
      expect(drain).toBe(15);
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(drain + 10);
      // The service drains itself: no preStop sleep in front of SIGTERM.
      expect(spec.containers[0].lifecycle).toBeUndefined();
    }
    const delayed = render([
      '--set',
      'http.drainSeconds=40',
      '--set',
      'http.terminationGracePeriodSeconds=60',
      '--set',
      'ingress.deregistrationDelaySeconds=30',
    ]);
    expect(
      find(delayed, 'Ingress').metadata.annotations[
        'alb.ingress.kubernetes.io/target-group-attributes'
      ],
    ).toBe('deregistration_delay.timeout_seconds=30');
    expect(podSpec(delayed, 'api').terminationGracePeriodSeconds).toBe(60);
  });

  it('renders the namespace with the readiness-gate label only when asked to', () => {
    expect(objects.some((o) => o.kind === 'Namespace')).toBe(false);
    const withNamespace = render(['--set', 'namespace.create=true']);
    const namespace = find(withNamespace, 'Namespace');
    expect(namespace.metadata.name).toBe('videoforge');
    expect(namespace.metadata.labels['elbv2.k8s.aws/pod-readiness-gate-inject']).toBe('enabled');
    expect(schemaErrors(namespace)).toEqual([]);
  });

  it('refuses a grace period that does not cover drain + in flight, and a delay beyond the drain', () => {
    refuses(
      ['--set', 'http.drainSeconds=25'],
      /http.drainSeconds \+ 10 must be < http.terminationGracePeriodSeconds/,
    );
    refuses(
      ['--set', 'ingress.deregistrationDelaySeconds=20'],
      /ingress.deregistrationDelaySeconds must be <= http.drainSeconds/,
    );
  });
});

describe('values that fail fast (issue 12, item 3)', () => {
  it('refuses to install with the defaults alone, naming each AWS value it needs', () => {
    const result = helm(['template', 'videoforge', chartDir]);
    expect(result.status).not.toBe(0);
    for (const key of [
      'aws/bucket',
      'aws/jobsQueueUrl',
      'aws/dlqUrl',
      'aws/table',
      'ingress/host',
      'ingress/certificateArn',
      'api/roleArn',
      'externalSecrets/roleArn',
      'redis/host',
    ]) {
      expect(result.stderr).toContain(key);
    }
    const defaults = readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n');
    expect(defaults).not.toMatch(/123456789012|example\.com|arn:aws|amazonaws\.com/);
  });

  it.each([
    ['ingress without a host', ['--set', 'ingress.host='], /ingress\/host/],
    [
      'ingress without a certificate',
      ['--set', 'ingress.certificateArn='],
      /ingress\/certificateArn/,
    ],
    [
      'a certificate that is no ACM ARN',
      ['--set', 'ingress.certificateArn=my-cert'],
      /ingress\/certificateArn/,
    ],
    ['IRSA with an empty role', ['--set', 'admin.roleArn='], /admin\/roleArn/],
    [
      'IRSA with a role that is no ARN',
      ['--set', 'events.roleArn=videoforge-events'],
      /events\/roleArn/,
    ],
    [
      'External Secrets without its role',
      ['--set', 'externalSecrets.roleArn='],
      /externalSecrets\/roleArn/,
    ],
    [
      'External Secrets without its parameter prefix',
      ['--set', 'externalSecrets.parameterPrefix='],
      /externalSecrets\/parameterPrefix/,
    ],
    [
      'External Secrets without the signing-key secret',
      ['--set', 'externalSecrets.playbackSigningSecret='],
      /externalSecrets\/playbackSigningSecret/,
    ],
    ['External Secrets without the Redis host', ['--set', 'redis.host='], /redis\/host/],
    ['HPA min 0', ['--set', 'api.autoscaling.minReplicas=0'], /api\/autoscaling\/minReplicas/],
    [
      'HPA min above max',
      ['--set', 'admin.autoscaling.minReplicas=4'],
      /admin.autoscaling.minReplicas must be <= admin.autoscaling.maxReplicas/,
    ],
    [
      'more than 4 vCPU on Fargate',
      ['--set', 'transcoder.resources.cpu=4500m'],
      /transcoder.resources.cpu must be <= 4/,
    ],
    [
      'more than 30Gi on Fargate',
      ['--set', 'api.resources.memory=30Gi'],
      /api.resources.memory must be <= 30464Mi/,
    ],
    [
      'ephemeral storage over 175Gi',
      [
        '--set',
        'transcoder.resources.ephemeralStorage=200Gi',
        '--set',
        'transcoder.scratchSizeLimit=190Gi',
      ],
      /transcoder.resources.ephemeralStorage must be <= 175Gi/,
    ],
    [
      'scratch larger than the ephemeral storage',
      ['--set', 'transcoder.scratchSizeLimit=31Gi'],
      /transcoder.scratchSizeLimit must be <= transcoder.resources.ephemeralStorage/,
    ],
  ])('refuses %s, naming the value', (_case, args, message) => {
    refuses(args, message);
  });

  it('lets kind go without AWS roles, ingress or External Secrets', () => {
    const result = helm([
      'template',
      'videoforge',
      chartDir,
      '-f',
      path.join(chartDir, 'values-kind.yaml'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('values from the AWS stack (cdk8s/src/aws-values.ts)', () => {
  /** describe-stacks as AWS would answer it for the example stack. */
  function describeStacks() {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const outputs = cloudFormationTemplate().Outputs as Record<string, any>;
    const resolved: Record<string, string> = {
      'AWS::Region': 'us-east-1',
      Environment: 'prod',
      VideosBucket: EXAMPLE_STACK.aws?.bucket as string,
      JobsQueue: EXAMPLE_STACK.aws?.jobsQueueUrl as string,
      DeadLetterQueue: EXAMPLE_STACK.aws?.dlqUrl as string,
      Table: EXAMPLE_STACK.aws?.table as string,
      'ApiRole.Arn': EXAMPLE_STACK.api?.roleArn as string,
      'AdminRole.Arn': EXAMPLE_STACK.admin?.roleArn as string,
      'TranscoderRole.Arn': EXAMPLE_STACK.transcoder?.roleArn as string,
      'KedaScalerRole.Arn': EXAMPLE_STACK.transcoder?.scaling?.roleArn as string,
      'EventsRole.Arn': EXAMPLE_STACK.events?.roleArn as string,
      'ExternalSecretsRole.Arn': EXAMPLE_STACK.externalSecrets?.roleArn as string,
      'Redis.PrimaryEndPoint.Address': EXAMPLE_STACK.redis?.host as string,
      'Redis.PrimaryEndPoint.Port': '6379',
    };
    const sub = outputs.HelmSetValues.Value['Fn::Sub'] as string;
    const value = sub.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      const v = resolved[name];
      if (v === undefined) throw new Error(`no example value for \${${name}}`);
      return v;
    });
    return {
      Stacks: [
        {
          StackName: 'videoforge-prod',
          Outputs: [{ OutputKey: 'HelmSetValues', OutputValue: value }],
        },
      ],
    };
  }
  const host = [
    'ingress.host=videoforge.example.com',
    `ingress.certificateArn=${EXAMPLE_STACK.ingress?.certificateArn}`,
  ];

  it('turns the stack outputs and the host into a values file helm installs as the example stack', () => {
    const values = awsValues(describeStacks(), host) as DeepPartial<Values>;
    expect(values).toMatchObject({
      redis: { port: 6379 },
      api: { image: { repository: EXAMPLE_STACK.api?.image?.repository } },
    });
    // The script is the documented command: stdin in, YAML out.
    const yaml = execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join(repo, 'cdk8s/src/aws-values.ts'), ...host],
      {
        input: JSON.stringify(describeStacks()),
        encoding: 'utf8',
        cwd: repo,
      },
    );
    expect(parseYaml(yaml)).toEqual(values);
    const file = valuesFile(parseYaml(yaml), 'values-aws.yaml');
    const result = helm([
      'template',
      'videoforge',
      chartDir,
      '-n',
      'videoforge',
      '-f',
      path.join(chartDir, 'values-eks.yaml'),
      '-f',
      file,
    ]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const objects = parseObjects(result.stdout);
    expect(
      find(objects, 'ServiceAccount', 'videoforge-transcoder').metadata.annotations[
        'eks.amazonaws.com/role-arn'
      ],
    ).toBe(EXAMPLE_STACK.transcoder?.roleArn);
  });

  it('refuses a stack without the output, and a path the chart does not have', () => {
    expect(() => awsValues({ Stacks: [{ Outputs: [] }] })).toThrow(/no HelmSetValues output/);
    expect(() => awsValues(describeStacks(), ['ingress.hots=x'])).toThrow(
      /ingress.hots is not a value of the chart/,
    );
  });

  it('is what skaffold -p eks installs with', () => {
    const skaffold = parseYaml(readFileSync(path.join(repo, 'skaffold.yaml'), 'utf8'));
    const eks = skaffold.profiles.find((p: K8sObject) => p.name === 'eks');
    // The eks profile changes only the build, so it installs the top-level release.
    expect(eks.manifests).toBeUndefined();
    const [release] = skaffold.manifests.helm.releases;
    expect(release.valuesFiles).toEqual([
      'charts/videoforge/values-eks.yaml',
      '{{ default "values-aws.yaml" .VIDEOFORGE_AWS_VALUES }}',
      expect.any(String),
    ]);
  });
});

describe('a chart operators can extend (issue 12, item 4)', () => {
  const extras = {
    nameOverride: '',
    imagePullSecrets: [{ name: 'ecr-pull' }],
    api: {
      image: { digest: `sha256:${'a'.repeat(64)}` },
      extraEnv: [
        { name: 'NODE_OPTIONS', value: '--max-old-space-size=768' },
        { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      ],
      extraEnvFrom: [{ configMapRef: { name: 'api-extra' } }],
      podAnnotations: { 'example.com/owner': 'media-team' },
      podLabels: { team: 'media', 'app.kubernetes.io/name': 'not-allowed' },
      nodeSelector: { 'kubernetes.io/arch': 'amd64' },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'video', effect: 'NoSchedule' }],
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                topologyKey: 'topology.kubernetes.io/zone',
                labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'api' } },
              },
            },
          ],
        },
      },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway',
          labelSelector: { matchLabels: { 'app.kubernetes.io/component': 'api' } },
        },
      ],
    },
    transcoder: { nodeSelector: { 'eks.amazonaws.com/compute-type': 'fargate' } },
    ingress: {
      annotations: {
        'alb.ingress.kubernetes.io/wafv2-acl-arn':
          'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/videoforge/1',
        'alb.ingress.kubernetes.io/load-balancer-attributes': 'idle_timeout.timeout_seconds=120',
        'alb.ingress.kubernetes.io/scheme': 'internal',
      },
    },
  } satisfies DeepPartial<Values>;
  let objects: K8sObject[];
  beforeAll(() => {
    objects = render(['-f', valuesFile(extras)]);
  });

  it('renders the escape hatches exactly as npm run synth does with the same values, all schema-valid', () => {
    const synthesized = synthSettings({
      ...mergeSettings<Settings>(exampleSettings, extras),
      release: { ...exampleSettings.release, ...HELM_RELEASE },
    });
    expect([...byKey(objects).keys()].sort()).toEqual([...byKey(synthesized).keys()].sort());
    const fromHelm = byKey(objects);
    for (const [key, object] of byKey(synthesized)) expect(fromHelm.get(key), key).toEqual(object);
    expect(objects.flatMap(schemaErrors)).toEqual([]);
  });

  it('puts each hatch where Kubernetes reads it', () => {
    const api = find(objects, 'Deployment', 'videoforge-api').spec.template;
    const [container] = api.spec.containers;
    expect(container.image).toBe(
      `${EXAMPLE_STACK.api?.image?.repository}@sha256:${'a'.repeat(64)}`,
    );
    expect(container.env.slice(-2)).toEqual(extras.api.extraEnv);
    expect(container.envFrom.at(-1)).toEqual({ configMapRef: { name: 'api-extra' } });
    expect(api.metadata.annotations['example.com/owner']).toBe('media-team');
    expect(api.metadata.annotations['checksum/config']).toMatch(/^[0-9a-f]{64}$/);
    expect(api.metadata.labels.team).toBe('media');
    // The chart's labels win: the selector still matches.
    expect(api.metadata.labels['app.kubernetes.io/name']).toBe('videoforge');
    expect(api.spec).toMatchObject({
      nodeSelector: extras.api.nodeSelector,
      tolerations: extras.api.tolerations,
      affinity: extras.api.affinity,
      topologySpreadConstraints: extras.api.topologySpreadConstraints,
      imagePullSecrets: [{ name: 'ecr-pull' }],
    });
    const admin = find(objects, 'Deployment', 'videoforge-admin').spec.template.spec;
    expect(admin.imagePullSecrets).toEqual([{ name: 'ecr-pull' }]);
    expect(admin.nodeSelector).toBeUndefined();
    expect(admin.containers[0].image).toMatch(/videoforge\/admin:0\.1\.0$/);
    expect(
      find(objects, 'Deployment', 'videoforge-transcoder').spec.template.spec.nodeSelector,
    ).toEqual(extras.transcoder.nodeSelector);
    const annotations = find(objects, 'Ingress').metadata.annotations;
    expect(annotations).toMatchObject(extras.ingress.annotations);
    expect(annotations['alb.ingress.kubernetes.io/certificate-arn']).toBe(
      EXAMPLE_STACK.ingress?.certificateArn,
    );
  });

  it('labels every object as Helm charts do, and selects pods by chart, release and component', () => {
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject({
        'helm.sh/chart': 'videoforge-0.1.0',
        'app.kubernetes.io/name': 'videoforge',
        'app.kubernetes.io/instance': 'videoforge',
        'app.kubernetes.io/managed-by': 'Helm',
        'app.kubernetes.io/version': '0.1.0',
      });
      expect(o.metadata.labels['app.kubernetes.io/component']).toBeTruthy();
    }
    expect(find(objects, 'Deployment', 'videoforge-transcoder').spec.selector.matchLabels).toEqual({
      'app.kubernetes.io/name': 'videoforge',
      'app.kubernetes.io/instance': 'videoforge',
      'app.kubernetes.io/component': 'transcoder',
    });
    const admin = find(objects, 'Deployment', 'videoforge-admin').spec.template.spec.containers[0];
    expect(admin.env.find((e: K8sObject) => e.name === 'TRANSCODER_POD_SELECTOR').value).toBe(
      'app.kubernetes.io/name=videoforge,app.kubernetes.io/instance=videoforge,app.kubernetes.io/component=transcoder',
    );
  });

  it('takes nameOverride and fullnameOverride', () => {
    const named = render(['--set', 'nameOverride=media']);
    expect(
      find(named, 'Deployment', 'videoforge-media-api').metadata.labels['app.kubernetes.io/name'],
    ).toBe('media');
    const full = render(['--set', 'fullnameOverride=vf']);
    expect(find(full, 'Service', 'vf-api').spec.selector['app.kubernetes.io/name']).toBe(
      'videoforge',
    );
    expect(find(full, 'Ingress', 'vf').spec.rules[0].http.paths[0].backend.service.name).toBe(
      'vf-admin',
    );
  });

  it('still refuses a typo in a known key', () => {
    refuses(['--set', 'api.podLabel.team=media'], /podLabel/);
    refuses(['--set', 'api.image.digst=sha256:x'], /digst/);
    refuses(['--set', `api.image.digest=${'a'.repeat(64)}`], /api\/image\/digest/);
    refuses(['--set', 'api.nodeSelector.zone=1'], /api\/nodeSelector\/zone/);
  });
});

describe('config checksums roll exactly the pods whose config changed', () => {
  const templates = (args: readonly string[]) =>
    Object.fromEntries(
      render(args)
        .filter((o) => o.kind === 'Deployment')
        .map((d) => [d.metadata.name.replace('videoforge-', ''), JSON.stringify(d.spec.template)]),
    );
  let base: Record<string, string>;
  beforeAll(() => {
    base = templates([]);
  });
  const rolled = (args: readonly string[]) => {
    const changed = templates(args);
    return Object.keys(base)
      .filter((name) => base[name] !== changed[name])
      .sort();
  };

  it.each([
    ['logLevel=debug', ['admin', 'api', 'events', 'transcoder']],
    // The web app's Content-Security-Policy names the bucket's origin.
    ['aws.bucket=videoforge-staging-123456789012', ['admin', 'api', 'events', 'transcoder', 'web']],
    ['api.maxUploadBytes=1073741824', ['api']],
    ['aws.dlqUrl=https://sqs.us-east-1.amazonaws.com/123456789012/other-dlq', ['admin', 'events']],
    ['redis.host=master.other.abc123.use1.cache.amazonaws.com', ['admin', 'events']],
    ['externalSecrets.playbackSigningSecret=videoforge/staging/playback-signing-keys', ['api']],
    [
      'externalSecrets.parameterPrefix=/videoforge/staging',
      ['admin', 'api', 'events', 'transcoder'],
    ],
    ['events.pollMs=500', ['events']],
    ['web.mediaOrigin=https://media.example.org', ['web']],
    ['transcoder.scaling.maxReplicas=20', []],
    ['monitoring.scrapeInterval=15s', []],
  ])('%s rolls %j', (set, expected) => {
    expect(rolled(['--set', set])).toEqual(expected);
  });
});
