import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';

export interface ScrapeTarget {
  /** ServiceMonitor name. */
  readonly name: string;
  /** Labels of the Service to scrape (its component's selector labels). */
  readonly selector: Record<string, string>;
  /** Service port name. */
  readonly port: string;
  /** Default `/metrics`. */
  readonly path?: string;
}

/** A Prometheus rule: an alert or a recording rule, as the Prometheus Operator takes it. */
export type Rule =
  | {
      readonly alert: string;
      readonly expr: string;
      readonly for?: string;
      readonly labels?: Record<string, string>;
      readonly annotations?: Record<string, string>;
    }
  | { readonly record: string; readonly expr: string; readonly labels?: Record<string, string> };

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

export interface MonitoringProps {
  readonly name: string;
  readonly labels: Record<string, string>;
  /** kube-prometheus-stack's Prometheus selects ServiceMonitors and rules by `release=<this>`. */
  readonly prometheusRelease: string;
  readonly scrapeInterval: string;
  readonly targets: readonly ScrapeTarget[];
  /** The alert rule groups (observability/alerts/videoforge.rules.yml). */
  readonly ruleGroups: readonly RuleGroup[];
}

/** ServiceMonitors for each scrape target and one PrometheusRule, labelled for kube-prometheus-stack. */
export class Monitoring extends Construct {
  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const labels = { ...props.labels, release: props.prometheusRelease };
    for (const target of props.targets) {
      new ApiObject(this, target.name, {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'ServiceMonitor',
        metadata: { name: target.name, labels },
        spec: {
          selector: { matchLabels: target.selector },
          endpoints: [
            // The services label their own series with `service`: keep it, or dashboards and alerts find nothing.
            {
              port: target.port,
              path: target.path ?? '/metrics',
              interval: props.scrapeInterval,
              honorLabels: true,
            },
          ],
        },
      });
    }
    new ApiObject(this, 'Rules', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: props.name, labels },
      spec: { groups: props.ruleGroups },
    });
  }
}
