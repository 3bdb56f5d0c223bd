import { describe, expect, it } from 'vitest';
import { environments, EXAMPLE_STACK } from '../../src/environments.ts';
import { settingsFor } from '../../src/outputs.ts';
import { defaultSettings, mergeSettings, valuesOf, type Settings } from '../../src/settings.ts';
import { X264_PRESETS } from '@videoforge/ffmpeg';
import { valuesModel, valuesSchema, type JsonSchema } from '../../src/settings-schema.ts';
import {
  milliQuantity,
  quantityRules,
  requiredWhen,
  rulesTemplate,
  settingsRules,
  validateSettings,
} from '../../src/settings-rules.ts';
import { exampleSettings } from '../support/fixtures.ts';
import { validateStructural, type StructuralSchema } from '../support/structural-schema.ts';

const schema = valuesSchema as unknown as StructuralSchema;

describe('the values schema', () => {
  it('accepts the example stack values and every shipped environment', () => {
    expect(validateStructural(valuesOf(exampleSettings), schema)).toEqual([]);
    for (const name of Object.keys(environments) as (keyof typeof environments)[]) {
      expect(validateStructural(valuesOf(settingsFor(name)), schema), name).toEqual([]);
    }
  });

  it('has no AWS resource of its own in the defaults: the bucket, queues and table are required', () => {
    const errors = validateStructural(valuesOf(defaultSettings), schema);
    for (const key of ['bucket', 'jobsQueueUrl', 'dlqUrl', 'table']) {
      expect(errors).toContainEqual(`.aws.${key}: shorter than 1`);
    }
    expect(JSON.stringify(valuesOf(defaultSettings))).not.toMatch(/[0-9]{12}|example\.com|arn:/);
    // What the example stack fills in is exactly what the defaults leave empty, and more.
    expect(EXAMPLE_STACK.aws?.bucket).toBeTruthy();
  });

  it('rejects an unknown key, a wrong type, an unknown enum value and a malformed quantity', () => {
    const values = valuesOf(defaultSettings);
    const errors = validateStructural(
      {
        ...values,
        replicas: 3,
        transcoder: {
          ...values.transcoder,
          scaling: { ...values.transcoder.scaling, maxReplicas: 'ten', authentication: 'magic' },
          resources: { ...values.transcoder.resources, memory: '2 gigs' },
        },
      },
      schema,
    );
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/\.replicas: unknown field/),
        expect.stringMatching(/maxReplicas: must be integer/),
        expect.stringMatching(/authentication: "magic" is not one of/),
        expect.stringMatching(/memory: "2 gigs" does not match/),
      ]),
    );
  });

  it('describes every key (values.yaml comments come from it)', () => {
    const walk = (s: StructuralSchema & { description?: string }, path: string): void => {
      expect(s.description, path).toBeTruthy();
      for (const [k, child] of Object.entries(s.properties ?? {})) walk(child, `${path}.${k}`);
    };
    walk(schema, 'values');
  });
});

describe('one definition of every setting (the zod model)', () => {
  /** Every leaf of the schema with its path. */
  const leaves = (node: JsonSchema, path: string[] = []): [string[], JsonSchema][] =>
    node.properties
      ? Object.entries(node.properties).flatMap(([k, child]) => leaves(child, [...path, k]))
      : [[path, node]];

  it('gives values.schema.json the default of every leaf, equal to defaultSettings', () => {
    const values = valuesOf(defaultSettings) as unknown as Record<string, unknown>;
    const found = leaves(valuesSchema);
    expect(found.length).toBeGreaterThan(100);
    for (const [path, leaf] of found) {
      const value = path.reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], values);
      expect((leaf as { default?: unknown }).default, path.join('.')).toEqual(value);
    }
  });

  it('fills what a values file leaves out, and refuses what the schema refuses', () => {
    const parsed = valuesModel.parse({ transcoder: { scaling: { maxReplicas: 4 } } });
    expect(parsed.transcoder.scaling).toEqual({
      ...defaultSettings.transcoder.scaling,
      maxReplicas: 4,
    });
    expect(parsed.api).toEqual(defaultSettings.api);
    const refused = valuesModel.safeParse({
      transcoder: { scaling: { maxReplicas: 0 } },
      extra: 1,
    });
    expect(refused.error?.issues.map((i) => i.path.join('.')).sort()).toEqual([
      '',
      'transcoder.scaling.maxReplicas',
    ]);
  });

  it('takes the libx264 presets from @videoforge/ffmpeg, the list the transcoder accepts', () => {
    const preset = valuesSchema.properties?.transcoder?.properties?.ffmpegPreset as {
      enum?: string[];
    };
    expect(preset.enum).toEqual([...X264_PRESETS]);
  });
});

describe('cross-field rules', () => {
  it('pass for the example stack values and every environment', () => {
    expect(() => validateSettings(valuesOf(exampleSettings))).not.toThrow();
    for (const name of Object.keys(environments) as (keyof typeof environments)[]) {
      expect(() => validateSettings(valuesOf(settingsFor(name)))).not.toThrow();
    }
  });

  it('name every value a feature needs and the defaults leave empty', () => {
    expect(() => validateSettings(valuesOf(defaultSettings))).toThrow(
      /ingress.host is required when ingress.enabled[\s\S]*api.roleArn is required when irsa.enabled[\s\S]*redis.host is required when externalSecrets.enabled/,
    );
    const kind = mergeSettings<Settings>(defaultSettings, environments.kind.overrides);
    expect(() => validateSettings(valuesOf(kind))).not.toThrow();
  });

  it('hold Fargate limits and the scratch volume within the ephemeral storage', () => {
    const big = mergeSettings<Settings>(exampleSettings, {
      api: { resources: { cpu: '4500m', memory: '31Gi' } },
      transcoder: { resources: { ephemeralStorage: '200Gi' }, scratchSizeLimit: '201Gi' },
    });
    expect(() => validateSettings(valuesOf(big))).toThrow(
      /api.resources.cpu must be <= 4[\s\S]*api.resources.memory must be <= 30464Mi[\s\S]*ephemeralStorage must be <= 175Gi[\s\S]*scratchSizeLimit must be <= transcoder.resources.ephemeralStorage/,
    );
    expect(milliQuantity('500m')).toBe(500);
    expect(milliQuantity('4')).toBe(4000);
    expect(milliQuantity('1.5Gi')).toBe(1.5 * 1024 ** 3 * 1000);
    expect(() => milliQuantity('2 gigs')).toThrow(/not a quantity/);
  });

  it('keep the pods grace period above drain + in flight, and the ALB delay within the drain', () => {
    const short = mergeSettings<Settings>(exampleSettings, {
      http: { drainSeconds: 25, terminationGracePeriodSeconds: 30 },
      ingress: { deregistrationDelaySeconds: 30 },
    });
    expect(() => validateSettings(valuesOf(short))).toThrow(
      /http.drainSeconds \+ 10 must be < http.terminationGracePeriodSeconds[\s\S]*ingress.deregistrationDelaySeconds must be <= http.drainSeconds/,
    );
  });

  it('list every broken rule at once', () => {
    const broken = mergeSettings(exampleSettings, {
      admin: { autoscaling: { minReplicas: 4 } },
      transcoder: { scaling: { minReplicas: 11 }, shutdownGraceSeconds: 4000 },
    });
    expect(() => validateSettings(valuesOf(broken))).toThrow(
      /admin.autoscaling.minReplicas must be <=[\s\S]*transcoder.scaling.minReplicas must be <=[\s\S]*shutdownGraceSeconds must be </,
    );
  });

  it('become one Helm fail per rule', () => {
    const template = rulesTemplate();
    const required = requiredWhen.reduce((n, rule) => n + rule.paths.length, 0);
    expect(template.match(/\{\{- fail /g)).toHaveLength(
      settingsRules.length + quantityRules.length + required,
    );
    expect(template).toContain(
      '{{- if not (lt (int64 .Values.transcoder.shutdownGraceSeconds) (int64 .Values.transcoder.terminationGracePeriodSeconds)) }}',
    );
  });
});

describe('mergeSettings', () => {
  it('lays overrides over the base key by key, like helm -f', () => {
    const merged = mergeSettings(defaultSettings, {
      transcoder: { scaling: { maxReplicas: 4 } },
      ingress: { enabled: false },
    });
    expect(merged.transcoder.scaling).toEqual({
      ...defaultSettings.transcoder.scaling,
      maxReplicas: 4,
    });
    expect(merged.ingress).toEqual({ ...defaultSettings.ingress, enabled: false });
    expect(merged.api).toBe(defaultSettings.api);
    expect(defaultSettings.transcoder.scaling.maxReplicas).toBe(10);
  });
});
