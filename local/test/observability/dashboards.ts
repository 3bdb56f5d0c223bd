import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DASHBOARDS_DIR } from '../../src/observe/prometheus.ts';

export interface Target {
  refId: string;
  expr: string;
  legendFormat?: string;
  datasource?: unknown;
  instant?: boolean;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  datasource?: unknown;
  targets?: Target[];
  panels?: Panel[];
}

export interface Variable {
  name: string;
  type: string;
  query?: string | { query: string };
  definition?: string;
  allValue?: string;
  includeAll?: boolean;
  datasource?: unknown;
}

export interface Dashboard {
  file: string;
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: Variable[] };
}

export interface Query {
  dashboard: string;
  panel: string;
  refId: string;
  expr: string;
  legendFormat?: string;
}

export function loadDashboards(dir = DASHBOARDS_DIR): Dashboard[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      ...(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Omit<Dashboard, 'file'>),
    }));
}

/** Every panel that shows data (rows, collapsed or not, only group them). */
export function dataPanels(dashboard: Dashboard): Panel[] {
  return dashboard.panels
    .flatMap((p) => (p.type === 'row' ? (p.panels ?? []) : [p]))
    .filter((p) => p.type !== 'row');
}

export function queries(dashboard: Dashboard): Query[] {
  return dataPanels(dashboard).flatMap((panel) =>
    (panel.targets ?? []).map((t) => ({
      dashboard: dashboard.title,
      panel: panel.title,
      refId: t.refId,
      expr: t.expr,
      legendFormat: t.legendFormat,
    })),
  );
}

/** Grafana's built-in interval variables, as Grafana would fill them in for a short window. */
const BUILT_INS: Record<string, string> = {
  __rate_interval: '5m',
  __interval: '1m',
  __range: '5m',
};

/**
 * The PromQL Grafana sends: built-in intervals filled in, and each template variable set to
 * "All" (its allValue). A `$` left over names a variable the dashboard does not define.
 */
export function expand(expr: string, dashboard: Dashboard): string {
  const values: Record<string, string> = { ...BUILT_INS };
  for (const v of dashboard.templating.list) {
    if (v.type !== 'datasource') values[v.name] = v.allValue ?? '.*';
  }
  return expr.replace(
    /\$\{(\w+)\}|\$(\w+)|\[\[(\w+)\]\]/g,
    (whole, a?: string, b?: string, c?: string) => {
      const name = a ?? b ?? c ?? '';
      return values[name] ?? whole;
    },
  );
}

/** The text of a template variable's query (`label_values(metric, label)`). */
export function variableQuery(v: Variable): string {
  return typeof v.query === 'string' ? v.query : (v.query?.query ?? v.definition ?? '');
}

const NOT_METRICS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'inf',
  'nan',
]);

/** Metric names a PromQL expression reads (label matchers, groupings, strings and functions left out). */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, name = '', call] = match;
    if (call || NOT_METRICS.has(name.toLowerCase())) continue;
    names.add(name);
  }
  return [...names];
}

/** Labels an expression's outer aggregations keep (`sum by (service, route)`), for legend checks. */
export function groupingLabels(expr: string): Set<string> {
  const labels = new Set<string>();
  for (const match of expr.matchAll(/\bby\s*\(([^)]*)\)/g)) {
    for (const label of (match[1] ?? '').split(',')) if (label.trim()) labels.add(label.trim());
  }
  return labels;
}
