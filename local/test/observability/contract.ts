import { JOB_TARGETS } from '@videoforge/core';

/**
 * The metrics contract (SPEC "Metrics"): what each service exports, with which type and which
 * labels, and the values each label may take. Every label is bounded: route templates, never raw
 * paths or ids. Dashboards and alerts may read only these, the default process metrics, and the
 * few series Prometheus or the cluster provides (EXTERNAL_METRICS).
 */
export const SERVICES = ['api', 'admin', 'transcoder', 'events'] as const;
export type ServiceName = (typeof SERVICES)[number];
export type MetricType = 'counter' | 'gauge' | 'histogram';

/** Allowed values: a closed list, or a pattern for open but bounded sets (route templates). */
export type LabelRule = readonly string[] | RegExp;

export interface MetricSpec {
  type: MetricType;
  services: readonly ServiceName[];
  /** Every label besides `service` (set on every series) and a histogram's `le`. */
  labels: Readonly<Record<string, LabelRule>>;
}

/** A route template (`/api/videos/:id`) or `unmatched`: literal segments are short words, never ids. */
export const ROUTE_TEMPLATE = /^(?:unmatched|(?:\/(?::[a-zA-Z]+|[a-z][a-z0-9.-]{0,23}))+)$/;
const QUALITY = [...JOB_TARGETS, 'invalid'] as const;

export const METRICS: Readonly<Record<string, MetricSpec>> = {
  http_request_duration_seconds: {
    type: 'histogram',
    services: ['api', 'admin'],
    labels: {
      method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
      route: ROUTE_TEMPLATE,
      status_code: /^[1-5]\d\d$/,
    },
  },
  videoforge_cache_requests_total: {
    type: 'counter',
    services: ['api'],
    labels: { result: ['hit', 'miss', 'error'] },
  },
  videoforge_queue_messages: {
    type: 'gauge',
    services: ['admin'],
    labels: { queue: ['jobs', 'dlq'], state: ['visible', 'in_flight'] },
  },
  videoforge_transcode_jobs_total: {
    type: 'counter',
    services: ['transcoder'],
    labels: { quality: QUALITY, outcome: ['success', 'failure', 'skipped'] },
  },
  videoforge_transcode_duration_seconds: {
    type: 'histogram',
    services: ['transcoder'],
    labels: { quality: QUALITY },
  },
  videoforge_transcode_speed_ratio: {
    type: 'histogram',
    services: ['transcoder'],
    labels: { quality: QUALITY },
  },
  videoforge_time_to_ready_seconds: {
    type: 'histogram',
    services: ['transcoder'],
    labels: { quality: QUALITY },
  },
  videoforge_transcode_stalls_total: { type: 'counter', services: ['transcoder'], labels: {} },
  videoforge_transcode_jobs_in_progress: { type: 'gauge', services: ['transcoder'], labels: {} },
  videoforge_webhook_deliveries_total: {
    type: 'counter',
    services: ['events'],
    labels: { outcome: ['delivered', 'retried', 'failed'] },
  },
  videoforge_webhook_delivery_duration_seconds: {
    type: 'histogram',
    services: ['events'],
    labels: {},
  },
  videoforge_maintenance_runs_total: {
    type: 'counter',
    services: ['events'],
    labels: {
      task: ['expire-abandoned-uploads', 'reconcile-stuck-work'],
      outcome: ['success', 'failure'],
    },
  },
  videoforge_reconciled_total: {
    type: 'counter',
    services: ['events'],
    labels: { kind: ['requeued', 'dead_lettered', 'expired_upload'] },
  },
  videoforge_events_queue_jobs: {
    type: 'gauge',
    services: ['events'],
    labels: {
      queue: ['webhook-deliveries', 'maintenance'],
      state: ['waiting', 'active', 'delayed', 'failed'],
    },
  },
  videoforge_outbox_entries: { type: 'gauge', services: ['events'], labels: {} },
};

/** prom-client's default Node.js process metrics that dashboards read; every service has them. */
export const PROCESS_METRICS: Readonly<Record<string, MetricType>> = {
  process_cpu_seconds_total: 'counter',
  process_start_time_seconds: 'gauge',
  process_resident_memory_bytes: 'gauge',
  nodejs_eventloop_lag_p99_seconds: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
  nodejs_gc_duration_seconds: 'histogram',
  nodejs_version_info: 'gauge',
};

/** Series no VideoForge service exports that a dashboard may still read, and who provides them. */
export const EXTERNAL_METRICS: Readonly<Record<string, string>> = {
  ALERTS: 'Prometheus (alert states)',
  kube_deployment_spec_replicas: 'kube-state-metrics (in the cluster only)',
  kube_deployment_status_replicas_available: 'kube-state-metrics (in the cluster only)',
};

/** Names a query may use: contract metrics (with histogram suffixes), process and external ones. */
export function isKnownMetric(name: string): boolean {
  if (name in PROCESS_METRICS || name in EXTERNAL_METRICS || name in METRICS) return true;
  const family = name.replace(/_(bucket|sum|count)$/, '');
  return (
    family !== name &&
    (METRICS[family]?.type === 'histogram' || PROCESS_METRICS[family] === 'histogram')
  );
}

export function allows(rule: LabelRule, value: string): boolean {
  return rule instanceof RegExp ? rule.test(value) : rule.includes(value);
}
