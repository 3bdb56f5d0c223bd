import type { Settings } from '../settings.ts';
import { isPassThrough, schemaAt } from '../settings-schema.ts';

/**
 * One settings field as the chart sees it: a Go-template expression and its JSON type. `map` and
 * `list` are pass-through values (labels, tolerations, extra env, …): their placeholder is a map
 * with the marker as its only key, or a list with the marker as its only item, so that constructs
 * can spread them into their own maps and lists and the renderer still finds them.
 */
export interface Binding {
  readonly expr: string;
  readonly type: 'string' | 'integer' | 'map' | 'list';
}

export interface Placeholders {
  /** Settings whose strings are markers and whose numbers are sentinels, one per field. */
  readonly settings: Settings;
  readonly bindings: readonly Binding[];
}

/** `release` fields come from Helm itself, never from values. */
const RELEASE_EXPRESSIONS: Readonly<Record<keyof Settings['release'], string>> = {
  name: '.Release.Name',
  fullname: '(include "videoforge.fullname" $)',
  chartName: '(include "videoforge.name" $)',
  chart: '(include "videoforge.chart" $)',
  namespace: '.Release.Namespace',
  managedBy: '.Release.Service',
  appVersion: '.Chart.AppVersion',
};

/**
 * Sentinel numbers stand in for integer settings, so the constructs (and cdk8s-plus's own
 * arithmetic-free checks such as `min <= max`, which sentinels in field order satisfy) keep working
 * with real numbers. They are far from any constant the manifests contain.
 */
export const SENTINEL_BASE = 987_650_000;
const MAX_BINDINGS = 10_000;

/**
 * The settings the chart generator synthesizes: each string becomes a marker and each integer a
 * sentinel, remembered with the Helm expression (`.Values.<path>` or `.Release.*`) that replaces it
 * in the rendered templates. Booleans are gate flags: true, so that every optional part is present.
 */
export function placeholderSettings(defaults: Settings): Placeholders {
  const bindings: Binding[] = [];
  const bind = (path: readonly string[], type: Binding['type']): number => {
    if (bindings.length >= MAX_BINDINGS)
      throw new Error('too many settings for the placeholder scheme');
    const [first, second] = path;
    const expr =
      first === 'release'
        ? RELEASE_EXPRESSIONS[second as keyof Settings['release']]
        : `.Values.${path.join('.')}`;
    return bindings.push({ expr, type }) - 1;
  };
  const walk = (value: unknown, path: readonly string[]): unknown => {
    const schema = path[0] === 'release' ? undefined : schemaAt(path);
    if (schema && isPassThrough(schema)) {
      const marker = `vfhelm${bind(path, schema.type === 'array' ? 'list' : 'map')}z`;
      return schema.type === 'array' ? [marker] : { [marker]: '' };
    }
    if (typeof value === 'string') return `vfhelm${bind(path, 'string')}z`;
    if (typeof value === 'number') {
      if (!Number.isInteger(value))
        throw new Error(`${path.join('.')}: only integer settings are supported`);
      return SENTINEL_BASE + bind(path, 'integer');
    }
    if (typeof value === 'boolean') return true;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, [...path, k])]));
    }
    throw new Error(`${path.join('.')}: settings must be strings, integers, booleans or objects`);
  };
  return { settings: walk(defaults, []) as Settings, bindings };
}

/** The binding a sentinel number stands for, if it is one. */
export function sentinelBinding(value: number, bindings: readonly Binding[]): Binding | undefined {
  const index = value - SENTINEL_BASE;
  const binding = Number.isInteger(index) && index >= 0 ? bindings[index] : undefined;
  return binding?.type === 'integer' ? binding : undefined;
}
