import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { ApiObject, App, Chart } from 'cdk8s';
import { HELM_CONTEXT } from './gate.ts';
import { valuesOf, withReleaseNames, type Settings } from './settings.ts';
import { validateSettings } from './settings-rules.ts';
import type { RuleGroup } from './constructs/monitoring.ts';
import { VideoForgeChart } from './videoforge-chart.ts';

/** Grafana dashboards and alert rules live with the observability work; the chart ships them as they are. */
export const DASHBOARDS_FOLDER = fileURLToPath(
  new URL('../../observability/dashboards', import.meta.url),
);
export const ALERT_RULES_FILE = fileURLToPath(
  new URL('../../observability/alerts/videoforge.rules.yml', import.meta.url),
);

/** The rule groups of a Prometheus rule file: the same file promtool tests. */
export function loadRuleGroups(file: string): RuleGroup[] {
  const parsed = parseYaml(readFileSync(file, 'utf8')) as { groups?: RuleGroup[] };
  if (!Array.isArray(parsed.groups)) throw new Error(`${file} has no rule groups`);
  return parsed.groups;
}

export interface BuildOptions {
  readonly dashboardsFolder?: string;
  readonly ruleGroups?: readonly RuleGroup[];
  /**
   * Build for the chart generator: settings are placeholders, every Gate is open and the
   * cross-field rules are left to the chart's own check.
   */
  readonly forHelm?: boolean;
}

/** The cdk8s app with the VideoForge chart, for these settings. */
export function buildChart(given: Settings, options: BuildOptions = {}): VideoForgeChart {
  // For the chart, the names are Helm expressions (placeholders.ts); for synth, computed alike.
  const settings = options.forHelm ? given : withReleaseNames(given);
  if (!options.forHelm) validateSettings(valuesOf(settings));
  const app = new App({ outdir: 'dist' });
  if (options.forHelm) app.node.setContext(HELM_CONTEXT, true);
  return new VideoForgeChart(app, 'videoforge', {
    settings,
    dashboardsFolder: options.dashboardsFolder ?? DASHBOARDS_FOLDER,
    ruleGroups: options.ruleGroups ?? loadRuleGroups(ALERT_RULES_FILE),
  });
}

/** Every ApiObject of a chart, after the construct validations cdk8s runs at synth. */
export function apiObjectsOf(chart: Chart): ApiObject[] {
  const errors = chart.node
    .findAll()
    .flatMap((c) => c.node.validate().map((e) => `${c.node.path}: ${e}`));
  if (errors.length > 0) throw new Error(`chart validation failed:\n${errors.join('\n')}`);
  return chart.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
}

/** The manifests, as plain objects (what `cdk8s synth` writes). */
export function synthObjects(chart: Chart): Record<string, unknown>[] {
  return apiObjectsOf(chart).map((o) => o.toJson() as Record<string, unknown>);
}
