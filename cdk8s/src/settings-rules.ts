import { readPath } from './gate.ts';
import type { Values } from './settings.ts';

type IntPath =
  | 'api.autoscaling.minReplicas'
  | 'api.autoscaling.maxReplicas'
  | 'admin.autoscaling.minReplicas'
  | 'admin.autoscaling.maxReplicas'
  | 'events.autoscaling.minReplicas'
  | 'events.autoscaling.maxReplicas'
  | 'events.webhooks.retryBaseSeconds'
  | 'events.webhooks.retryMaxSeconds'
  | 'transcoder.scaling.minReplicas'
  | 'transcoder.scaling.maxReplicas'
  | 'transcoder.shutdownGraceSeconds'
  | 'transcoder.terminationGracePeriodSeconds';

/** A rule across two settings that a JSON schema cannot express: `left < right` or `left <= right`. */
export interface SettingsRule {
  readonly left: IntPath;
  readonly op: '<' | '<=';
  readonly right: IntPath;
  readonly why: string;
}

/**
 * Checked by `npm run synth` (validateSettings) and by the chart (a generated template that calls
 * Helm's `fail`), from this one table.
 */
export const settingsRules: readonly SettingsRule[] = [
  {
    left: 'api.autoscaling.minReplicas',
    op: '<=',
    right: 'api.autoscaling.maxReplicas',
    why: 'the HPA needs min <= max',
  },
  {
    left: 'admin.autoscaling.minReplicas',
    op: '<=',
    right: 'admin.autoscaling.maxReplicas',
    why: 'the HPA needs min <= max',
  },
  {
    left: 'events.autoscaling.minReplicas',
    op: '<=',
    right: 'events.autoscaling.maxReplicas',
    why: 'the HPA needs min <= max',
  },
  {
    left: 'events.webhooks.retryBaseSeconds',
    op: '<=',
    right: 'events.webhooks.retryMaxSeconds',
    why: 'the events service refuses a first retry delay above the longest one',
  },
  {
    left: 'transcoder.scaling.minReplicas',
    op: '<=',
    right: 'transcoder.scaling.maxReplicas',
    why: 'KEDA needs min <= max',
  },
  {
    left: 'transcoder.shutdownGraceSeconds',
    op: '<',
    right: 'transcoder.terminationGracePeriodSeconds',
    why: 'a draining worker must return its messages before Kubernetes kills it',
  },
];

export function ruleMessage(rule: SettingsRule): string {
  return `${rule.left} must be ${rule.op} ${rule.right}: ${rule.why}`;
}

/** Throws one error listing every broken rule. */
export function validateSettings(values: Values): void {
  const broken = settingsRules.filter((rule) => {
    const left = readPath(values, rule.left) as number;
    const right = readPath(values, rule.right) as number;
    return rule.op === '<' ? !(left < right) : !(left <= right);
  });
  if (broken.length > 0) {
    throw new Error(`invalid settings:\n${broken.map((r) => `  - ${ruleMessage(r)}`).join('\n')}`);
  }
}

/** The same rules as a Helm template: renders nothing, or fails the install with the rule. */
export function rulesTemplate(): string {
  const lines = [
    '{{- /* Generated from cdk8s/src/settings-rules.ts: cross-field checks of the values. */ -}}',
  ];
  for (const rule of settingsRules) {
    const op = rule.op === '<' ? 'lt' : 'le';
    lines.push(
      `{{- if not (${op} (int64 .Values.${rule.left}) (int64 .Values.${rule.right})) }}`,
      `{{- fail ${JSON.stringify(ruleMessage(rule))} }}`,
      '{{- end }}',
    );
  }
  return `${lines.join('\n')}\n`;
}
