import { describe, expect, it } from 'vitest';
import { environments } from '../../src/environments.ts';
import { defaultSettings, mergeSettings, valuesOf, type Settings } from '../../src/settings.ts';
import { valuesSchema } from '../../src/settings-schema.ts';
import { rulesTemplate, settingsRules, validateSettings } from '../../src/settings-rules.ts';
import { validateStructural, type StructuralSchema } from '../support/structural-schema.ts';

const schema = valuesSchema as unknown as StructuralSchema;

describe('the values schema', () => {
  it('accepts the defaults and every shipped environment', () => {
    expect(validateStructural(valuesOf(defaultSettings), schema)).toEqual([]);
    for (const env of Object.values(environments)) {
      expect(
        validateStructural(
          valuesOf(mergeSettings<Settings>(defaultSettings, env.overrides)),
          schema,
        ),
      ).toEqual([]);
    }
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

describe('cross-field rules', () => {
  it('pass for the defaults and every environment', () => {
    expect(() => validateSettings(valuesOf(defaultSettings))).not.toThrow();
    for (const env of Object.values(environments)) {
      expect(() =>
        validateSettings(valuesOf(mergeSettings<Settings>(defaultSettings, env.overrides))),
      ).not.toThrow();
    }
  });

  it('list every broken rule at once', () => {
    const broken = mergeSettings(defaultSettings, {
      admin: { autoscaling: { minReplicas: 4 } },
      transcoder: { scaling: { minReplicas: 11 }, shutdownGraceSeconds: 4000 },
    });
    expect(() => validateSettings(valuesOf(broken))).toThrow(
      /admin.autoscaling.minReplicas must be <=[\s\S]*transcoder.scaling.minReplicas must be <=[\s\S]*shutdownGraceSeconds must be </,
    );
  });

  it('become one Helm fail per rule', () => {
    const template = rulesTemplate();
    expect(template.match(/\{\{- fail /g)).toHaveLength(settingsRules.length);
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
