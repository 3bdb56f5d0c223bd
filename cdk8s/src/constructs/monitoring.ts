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
  /** Default `minimalRuleGroups`; the observability work passes the real alert groups here. */
  readonly ruleGroups?: readonly RuleGroup[];
}

/**
 * A minimal rule group: every expression reads only metrics a service exports (SPEC "Metrics").
 * Annotations use Prometheus templating (`{{ $value }}`); the chart generator escapes the braces.
 */
export const minimalRuleGroups: readonly RuleGroup[] = [
  {
    name: 'videoforge.rules',
    rules: [
      {
        alert: 'VideoForgeDeadLetters',
        expr: 'max(videoforge_queue_messages{queue="dlq",state="visible"}) > 0',
        for: '10m',
        labels: { severity: 'warning' },
        annotations: {
          summary: 'Transcode jobs are in the dead-letter queue',
          description: '{{ $value }} job(s) failed 3 times; inspect them with GET /api/admin/dlq.',
        },
      },
      {
        alert: 'VideoForgeApiErrors',
        expr: 'sum(rate(http_request_duration_seconds_count{status_code=~"5.."}[5m])) / sum(rate(http_request_duration_seconds_count[5m])) > 0.05',
        for: '10m',
        labels: { severity: 'critical' },
        annotations: {
          summary: 'More than 5 % of HTTP requests fail',
          description: '{{ $value | humanizePercentage }} of requests answered 5xx over 5 minutes.',
        },
      },
    ],
  },
];

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
            { port: target.port, path: target.path ?? '/metrics', interval: props.scrapeInterval },
          ],
        },
      });
    }
    new ApiObject(this, 'Rules', {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: props.name, labels },
      spec: { groups: props.ruleGroups ?? minimalRuleGroups },
    });
  }
}
