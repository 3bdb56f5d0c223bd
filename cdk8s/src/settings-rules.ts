import { readPath } from './gate.ts';
import { schemaAt } from './settings-schema.ts';
import type { Values } from './settings.ts';

type IntPath =
  | 'api.autoscaling.minReplicas'
  | 'api.autoscaling.maxReplicas'
  | 'admin.autoscaling.minReplicas'
  | 'admin.autoscaling.maxReplicas'
  | 'events.autoscaling.minReplicas'
  | 'events.autoscaling.maxReplicas'
  | 'web.autoscaling.minReplicas'
  | 'web.autoscaling.maxReplicas'
  | 'events.webhooks.retryBaseSeconds'
  | 'events.webhooks.retryMaxSeconds'
  | 'transcoder.scaling.minReplicas'
  | 'transcoder.scaling.maxReplicas'
  | 'transcoder.shutdownGraceSeconds'
  | 'transcoder.terminationGracePeriodSeconds'
  | 'http.drainSeconds'
  | 'http.terminationGracePeriodSeconds'
  | 'ingress.deregistrationDelaySeconds';

/**
 * How long an HTTP service gives requests in flight once it stops accepting connections
 * (CLOSE_TIMEOUT_MS in packages/http/src/listen.ts).
 */
export const HTTP_IN_FLIGHT_SECONDS = 10;

/**
 * A rule across two settings that a JSON schema cannot express: `left (+ plus) < right` or
 * `left (+ plus) <= right`.
 */
export interface SettingsRule {
  readonly left: IntPath;
  /** A constant added to `left`. Default 0. */
  readonly plus?: number;
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
    left: 'web.autoscaling.minReplicas',
    op: '<=',
    right: 'web.autoscaling.maxReplicas',
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
  {
    left: 'http.drainSeconds',
    plus: HTTP_IN_FLIGHT_SECONDS,
    op: '<',
    right: 'http.terminationGracePeriodSeconds',
    why: `an api or admin pod serves for the drain, then gives requests in flight ${HTTP_IN_FLIGHT_SECONDS} s, before Kubernetes may kill it`,
  },
  {
    left: 'ingress.deregistrationDelaySeconds',
    op: '<=',
    right: 'http.drainSeconds',
    why: 'the ALB must be done with a pod while it still serves',
  },
];

export function ruleMessage(rule: SettingsRule): string {
  const left = rule.plus ? `${rule.left} + ${rule.plus}` : rule.left;
  return `${left} must be ${rule.op} ${rule.right}: ${rule.why}`;
}

// ---------------------------------------------------------------------------------------------
// Quantities: Fargate's limits.

type QuantityPath =
  | `${'api' | 'admin' | 'transcoder' | 'events' | 'web'}.resources.${'cpu' | 'memory'}`
  | 'transcoder.resources.ephemeralStorage'
  | 'transcoder.scratchSizeLimit';

/** `left <= right`, where right is another setting or a fixed quantity. */
export interface QuantityRule {
  readonly left: QuantityPath;
  readonly right: QuantityPath | { readonly quantity: string };
  readonly why: string;
}

/** Fargate's largest pod: 4 vCPU and 30 GiB, of which it keeps 256 MiB for the kubelet. */
export const FARGATE = {
  cpu: '4',
  memory: '30464Mi',
  ephemeralStorage: '175Gi',
} as const;

export const quantityRules: readonly QuantityRule[] = [
  ...(['api', 'admin', 'transcoder', 'events', 'web'] as const).flatMap((c): QuantityRule[] => [
    {
      left: `${c}.resources.cpu`,
      right: { quantity: FARGATE.cpu },
      why: 'the largest Fargate pod has 4 vCPU',
    },
    {
      left: `${c}.resources.memory`,
      right: { quantity: FARGATE.memory },
      why: 'the largest Fargate pod has 30Gi, and Fargate adds 256Mi to the request',
    },
  ]),
  {
    left: 'transcoder.resources.ephemeralStorage',
    right: { quantity: FARGATE.ephemeralStorage },
    why: 'a Fargate pod gets at most 175Gi of ephemeral storage',
  },
  {
    left: 'transcoder.scratchSizeLimit',
    right: 'transcoder.resources.ephemeralStorage',
    why: 'the scratch emptyDir lives in the pod ephemeral storage',
  },
];

export function quantityRuleMessage(rule: QuantityRule): string {
  const right = typeof rule.right === 'string' ? rule.right : rule.right.quantity;
  return `${rule.left} must be <= ${right}: ${rule.why}`;
}

const MULTIPLIERS: Readonly<Record<string, number>> = {
  '': 1,
  m: 0.001,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};
const QUANTITY = /^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|Ki|Mi|Gi|Ti)?$/;

/** A Kubernetes quantity in thousandths (so `500m` CPU is 500), as the chart's helper computes it. */
export function milliQuantity(quantity: string): number {
  const match = QUANTITY.exec(quantity);
  if (!match) throw new Error(`not a quantity: ${quantity}`);
  return Math.round(Number(match[1]) * (MULTIPLIERS[match[2] ?? ''] as number) * 1000);
}

// ---------------------------------------------------------------------------------------------
// Values a feature needs.

/** When `when` equals `equals` (default true), every one of `paths` must be non-empty (a string or a list). */
export interface RequiredWhen {
  readonly when: string;
  readonly equals?: string | boolean;
  readonly paths: readonly string[];
}

/** Also written into values.schema.json as `if`/`then` conditions (schemaConditions). */
export const requiredWhen: readonly RequiredWhen[] = [
  { when: 'ingress.enabled', paths: ['ingress.host', 'ingress.certificateArn'] },
  {
    when: 'irsa.enabled',
    paths: ['api.roleArn', 'admin.roleArn', 'transcoder.roleArn', 'events.roleArn'],
  },
  {
    when: 'transcoder.scaling.authentication',
    equals: 'irsa',
    paths: ['transcoder.scaling.roleArn'],
  },
  {
    when: 'externalSecrets.enabled',
    paths: [
      'externalSecrets.roleArn',
      'externalSecrets.parameterPrefix',
      'externalSecrets.playbackSigningSecret',
      'redis.host',
      'redis.authSecret',
    ],
  },
  {
    when: 'transcoder.securityGroupPolicy.enabled',
    paths: ['transcoder.securityGroupPolicy.groupIds'],
  },
];

/** The schema keyword that makes the value at `path` non-empty. */
function nonEmpty(path: string): Schema {
  return schemaAt(path.split('.'))?.type === 'array' ? { minItems: 1 } : { minLength: 1 };
}

function isEmpty(value: unknown): boolean {
  return value === '' || (Array.isArray(value) && value.length === 0);
}

export function requiredMessage(rule: RequiredWhen, path: string): string {
  const equals = rule.equals ?? true;
  const condition = equals === true ? rule.when : `${rule.when} is ${String(equals)}`;
  return `${path} is required when ${condition}`;
}

type Schema = Record<string, unknown>;

/** `{properties: {a: {properties: {b: leaf}}}}` for the path `a.b`, with `required` on the way. */
function nested(path: string, leaf: Schema, requireKeys: boolean): Schema {
  return path
    .split('.')
    .reverse()
    .reduce<Schema>(
      (inner, key) => ({
        properties: { [key]: inner },
        ...(requireKeys ? { required: [key] } : {}),
      }),
      leaf,
    );
}

function mergeSchemas(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = out[key];
    if (key === 'required' && Array.isArray(current) && Array.isArray(value)) {
      out[key] = [...new Set([...current, ...value])];
    } else if (isRecord(current) && isRecord(value)) {
      out[key] = mergeSchemas(current, value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function isRecord(value: unknown): value is Schema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The `requiredWhen` table as JSON-schema conditions (the root's `allOf`). */
export function schemaConditions(): Schema[] {
  return requiredWhen.map((rule) => ({
    if: nested(rule.when, { const: rule.equals ?? true }, true),
    then: rule.paths
      .map((path) => nested(path, nonEmpty(path), true))
      .reduce((a, b) => mergeSchemas(a, b)),
  }));
}

// ---------------------------------------------------------------------------------------------

/** Throws one error listing every broken rule. */
export function validateSettings(values: Values): void {
  const problems: string[] = [];
  for (const rule of settingsRules) {
    const left = (readPath(values, rule.left) as number) + (rule.plus ?? 0);
    const right = readPath(values, rule.right) as number;
    if (rule.op === '<' ? !(left < right) : !(left <= right)) problems.push(ruleMessage(rule));
  }
  for (const rule of quantityRules) {
    const right =
      typeof rule.right === 'string'
        ? (readPath(values, rule.right) as string)
        : rule.right.quantity;
    if (milliQuantity(readPath(values, rule.left) as string) > milliQuantity(right)) {
      problems.push(quantityRuleMessage(rule));
    }
  }
  for (const rule of requiredWhen) {
    if (readPath(values, rule.when) !== (rule.equals ?? true)) continue;
    for (const path of rule.paths) {
      if (isEmpty(readPath(values, path))) problems.push(requiredMessage(rule, path));
    }
  }
  if (problems.length > 0) {
    throw new Error(`invalid settings:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** The same rules as a Helm template: renders nothing, or fails the install with the rule. */
export function rulesTemplate(): string {
  const lines = [
    '{{- /* Generated from cdk8s/src/settings-rules.ts: cross-field checks of the values. */ -}}',
  ];
  for (const rule of settingsRules) {
    const op = rule.op === '<' ? 'lt' : 'le';
    const left = rule.plus
      ? `(add (int64 .Values.${rule.left}) ${rule.plus})`
      : `(int64 .Values.${rule.left})`;
    lines.push(
      `{{- if not (${op} ${left} (int64 .Values.${rule.right})) }}`,
      `{{- fail ${JSON.stringify(ruleMessage(rule))} }}`,
      '{{- end }}',
    );
  }
  const milli = (expr: string) => `(include "videoforge.milliQuantity" ${expr} | float64)`;
  for (const rule of quantityRules) {
    const right =
      typeof rule.right === 'string'
        ? milli(`.Values.${rule.right}`)
        : String(milliQuantity(rule.right.quantity));
    lines.push(
      `{{- if gt ${milli(`.Values.${rule.left}`)} (float64 ${right}) }}`,
      `{{- fail ${JSON.stringify(quantityRuleMessage(rule))} }}`,
      '{{- end }}',
    );
  }
  // The schema's conditions already stop an install; these say it in words should one be skipped.
  for (const rule of requiredWhen) {
    const equals = rule.equals ?? true;
    const condition =
      equals === true
        ? `.Values.${rule.when}`
        : `eq .Values.${rule.when} ${JSON.stringify(equals)}`;
    for (const path of rule.paths) {
      lines.push(
        `{{- if and ${condition.includes(' ') ? `(${condition})` : condition} (empty .Values.${path}) }}`,
        `{{- fail ${JSON.stringify(requiredMessage(rule, path))} }}`,
        '{{- end }}',
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
