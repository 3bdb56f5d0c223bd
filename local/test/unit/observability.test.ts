import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALERT_RULES_FILE, prometheusConfig } from '../../src/observe/prometheus.ts';
import { METRICS, isKnownMetric } from '../observability/contract.ts';
import {
  dataPanels,
  groupingLabels,
  loadDashboards,
  metricNames,
  queries,
} from '../observability/dashboards.ts';

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

interface AlertRule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const rules = (
  parse(readFileSync(ALERT_RULES_FILE, 'utf8')) as { groups: { rules: AlertRule[] }[] }
).groups.flatMap((g) => g.rules);

describe('dashboards', () => {
  const dashboards = loadDashboards();

  it('are Overview, Transcoding, Cache and Events, each with its own uid', () => {
    expect(dashboards.map((d) => d.title)).toEqual([
      'VideoForge / Cache',
      'VideoForge / Events',
      'VideoForge / Overview',
      'VideoForge / Transcoding',
    ]);
    expect(new Set(dashboards.map((d) => d.uid)).size).toBe(dashboards.length);
  });

  it('take the Prometheus data source from a variable, and name no data source uid', () => {
    for (const dashboard of dashboards) {
      const variable = dashboard.templating.list.find((v) => v.name === 'datasource');
      expect(variable).toMatchObject({ type: 'datasource', query: 'prometheus' });
      for (const [where, value] of walk(dashboard)) {
        if (where.endsWith('.datasource')) expect(value, where).toEqual(DATASOURCE);
        if (where.endsWith('.uid') && where !== '$.uid') expect(value, where).toBe('${datasource}');
      }
      for (const panel of dataPanels(dashboard)) {
        expect(panel.datasource, panel.title).toEqual(DATASOURCE);
        for (const target of panel.targets ?? []) expect(target.datasource).toEqual(DATASOURCE);
      }
    }
  });

  it('have titled panels with unique ids, queries with unique refIds, on a 24-column grid', () => {
    for (const dashboard of dashboards) {
      const ids = dashboard.panels.flatMap((p) => [p.id, ...(p.panels ?? []).map((c) => c.id)]);
      expect(new Set(ids).size, dashboard.title).toBe(ids.length);
      for (const panel of dataPanels(dashboard)) {
        expect(panel.title).not.toBe('');
        const refIds = (panel.targets ?? []).map((t) => t.refId);
        expect(refIds.length, panel.title).toBeGreaterThan(0);
        expect(new Set(refIds).size, panel.title).toBe(refIds.length);
        const grid = (panel as unknown as { gridPos: { x: number; w: number } }).gridPos;
        expect(grid.x + grid.w, panel.title).toBeLessThanOrEqual(24);
      }
    }
  });

  it('query only metrics that some service exports (or Prometheus and kube-state-metrics)', () => {
    const unknown = dashboards
      .flatMap(queries)
      .flatMap((q) =>
        metricNames(q.expr).map((name) => ({ name, panel: `${q.dashboard} / ${q.panel}` })),
      )
      .filter(({ name }) => !isKnownMetric(name));
    expect(unknown).toEqual([]);
  });

  it('show every metric of the contract somewhere', () => {
    const used = new Set(
      dashboards
        .flatMap(queries)
        .flatMap((q) => metricNames(q.expr))
        .map((n) => n.replace(/_(bucket|sum|count)$/, '')),
    );
    expect(Object.keys(METRICS).filter((name) => !used.has(name))).toEqual([]);
  });

  it('use in legends only labels their queries keep', () => {
    const problems = dashboards.flatMap(queries).flatMap((q) => {
      const kept = groupingLabels(q.expr);
      return [...(q.legendFormat ?? '').matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
        .map((m) => m[1] ?? '')
        .filter((label) => !kept.has(label))
        .map((label) => `${q.dashboard} / ${q.panel} / ${q.refId}: {{${label}}}`);
    });
    expect(problems).toEqual([]);
  });
});

describe('alert rules', () => {
  const testFiles = path.join(path.dirname(ALERT_RULES_FILE), 'tests');
  const cases = readdirSync(testFiles)
    .filter((f) => f.endsWith('.yml'))
    .flatMap((f) => {
      const file = parse(readFileSync(path.join(testFiles, f), 'utf8')) as {
        tests: { alert_rule_test?: { alertname: string; exp_alerts?: unknown[] }[] }[];
      };
      return file.tests.flatMap((t) => t.alert_rule_test ?? []);
    });

  it('cover what operators asked for', () => {
    expect(rules.map((r) => r.alert).sort()).toEqual([
      'EventsBacklogGrowing', // BullMQ waiting + delayed jobs, or the outbox, keep growing
      'VideoForgeApiLatencyHigh', // api p99 latency
      'VideoForgeBacklogWithoutWorkers', // backlog with zero workers for 10 minutes
      'VideoForgeDeadLetters', // DLQ not empty
      'VideoForgeHttpErrorRatio', // api (and admin) 5xx ratio
      'VideoForgeQueueDepthUnknown', // the two queue alerts would be blind
      'VideoForgeTranscodeFailureRatio', // transcode failure ratio
      'VideoForgeTranscodeStalls', // worker stalls
      'WebhookFailureRatioHigh', // most webhook delivery attempts fail
    ]);
  });

  it('each have a severity, a summary and a description, and read only exported metrics', () => {
    for (const rule of rules) {
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
      expect(
        metricNames(rule.expr).filter((n) => !isKnownMetric(n)),
        rule.alert,
      ).toEqual([]);
    }
  });

  it('each have a promtool case where they fire and one where they stay quiet', () => {
    for (const rule of rules) {
      const mine = cases.filter((c) => c.alertname === rule.alert);
      expect(
        mine.some((c) => (c.exp_alerts ?? []).length > 0),
        `${rule.alert} fires`,
      ).toBe(true);
      expect(
        mine.some((c) => (c.exp_alerts ?? []).length === 0),
        `${rule.alert} stays quiet`,
      ).toBe(true);
    }
  });
});

describe('the local Prometheus configuration', () => {
  it('scrapes each target (one job per service), keeps the services own labels, and loads the alert rules', () => {
    const config = prometheusConfig({
      targets: [
        { job: 'api', address: '127.0.0.1:8080' },
        { job: 'transcoder', address: '127.0.0.1:9100' },
        { job: 'transcoder', address: '127.0.0.1:9101' },
      ],
    });
    expect(config.rule_files).toEqual([ALERT_RULES_FILE]);
    expect(config.scrape_configs).toEqual([
      { job_name: 'api', honor_labels: true, static_configs: [{ targets: ['127.0.0.1:8080'] }] },
      {
        job_name: 'transcoder',
        honor_labels: true,
        static_configs: [{ targets: ['127.0.0.1:9100', '127.0.0.1:9101'] }],
      },
    ]);
    expect(config.global.scrape_timeout).toBe(config.global.scrape_interval);
  });
});

/** Every [path, value] pair of a JSON document. */
function* walk(value: unknown, where = '$'): Generator<[string, unknown]> {
  yield [where, value];
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) yield* walk(item, `${where}[${i}]`);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) yield* walk(item, `${where}.${key}`);
  }
}
