import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Construct } from 'constructs';
import * as kplus from 'cdk8s-plus-28';

export interface DashboardsProps {
  /** Folder of Grafana dashboard JSON files (`*.json`); one ConfigMap each. May be empty. */
  readonly folder: string;
  /** Prefix of the ConfigMap names. */
  readonly namePrefix: string;
  readonly labels: Record<string, string>;
  /** The label kube-prometheus-stack's Grafana sidecar looks for. Default `grafana_dashboard: "1"`. */
  readonly sidecarLabel?: Readonly<Record<string, string>>;
}

/**
 * Dashboard ConfigMaps for the Grafana sidecar. The JSON is checked to parse, so a broken file
 * fails `npm run synth` rather than Grafana. Legends like `{{pod}}` are escaped in the chart.
 */
export class Dashboards extends Construct {
  readonly files: readonly string[];

  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    this.files = dashboardFiles(props.folder);
    for (const file of this.files) {
      const text = readFileSync(path.join(props.folder, file), 'utf8');
      try {
        JSON.parse(text);
      } catch (error) {
        throw new Error(`dashboard ${file} is not valid JSON: ${(error as Error).message}`, {
          cause: error,
        });
      }
      const slug = file
        .replace(/\.json$/, '')
        .toLowerCase()
        .replace(/[^a-z0-9-]+/g, '-');
      new kplus.ConfigMap(this, file, {
        metadata: {
          name: `${props.namePrefix}-${slug}`,
          labels: { ...props.labels, ...(props.sidecarLabel ?? { grafana_dashboard: '1' }) },
        },
        data: { [file]: text },
      });
    }
  }
}

export function dashboardFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort();
}
