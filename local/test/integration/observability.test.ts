import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollUntil, requireBinary } from '@videoforge/testkit';
import { startPrometheus, type LocalPrometheus } from '../../src/observe/prometheus.ts';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import {
  EXTERNAL_METRICS,
  METRICS,
  PROCESS_METRICS,
  SERVICES,
  allows,
  type ServiceName,
} from '../observability/contract.ts';
import {
  dataPanels,
  expand,
  loadDashboards,
  metricNames,
  variableQuery,
} from '../observability/dashboards.ts';
import { parseExposition, type Family } from '../observability/exposition.ts';
import { captureLogs, type CapturedLogs } from '../observability/log-capture.ts';
import { PrometheusApi, isFiniteSample } from '../observability/prometheus-api.ts';
import { SCENARIO_PIPELINE, runScenario, type ScenarioResult } from '../observability/scenario.ts';
import { tempDir } from './support.ts';
import { WebhookReceiver } from './support/webhook-receiver.ts';

/**
 * One pipeline run, watched the way operators watch production: a real Prometheus scrapes the
 * services and evaluates the alert rules, the dashboards' queries go through its HTTP API, and
 * every log line of the run is kept for reading.
 */
describe('observability of a pipeline run', () => {
  let pipeline: Pipeline;
  let prometheus: LocalPrometheus | undefined;
  let promApi: PrometheusApi;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let logs: CapturedLogs;
  let receiver: WebhookReceiver | undefined;
  let run: ScenarioResult;
  const scrapes = new Map<ServiceName, string>();

  beforeAll(async () => {
    requireBinary('prometheus');
    requireBinary('promtool');
    dir = await tempDir();
    logs = captureLogs();
    pipeline = await startPipeline({ logger: logs.logger, ...SCENARIO_PIPELINE });
    receiver = new WebhookReceiver();
    await receiver.start();
    const endpoints = metricsEndpoints(pipeline);
    prometheus = await startPrometheus({
      port: 0,
      dataDir: join(dir.path, 'prometheus'),
      targets: SERVICES.map((job) => ({ job, address: endpoints[job] })),
      interval: '1s',
      logger: logs.logger.child({ component: 'prometheus' }),
    });
    promApi = new PrometheusApi(prometheus.url);
    // Scraped once before any traffic, so the run's first increments count as increases.
    await promApi.waitForTargets(SERVICES);
    run = await runScenario(pipeline, dir.path, receiver);
    await promApi.waitFor('sum(videoforge_transcode_jobs_total{outcome="success"})', (v) => v >= 2);
    await promApi.waitFor('sum(videoforge_transcode_jobs_total{outcome="failure"})', (v) => v >= 6);
    // Visible or in flight: reconcile-stuck-work (every second here) peeks at the dead letters,
    // which hides them for a minute.
    await promApi.waitFor(
      'max(sum without (state) (videoforge_queue_messages{queue="dlq"}))',
      (v) => v >= 2,
    );
    // The scenario saw every delivery arrive; wait until Prometheus has the attempts counted too.
    await promApi.waitFor(
      'sum(videoforge_webhook_deliveries_total{outcome="failed"})',
      (v) => v >= 2,
    );
    await promApi.waitFor(
      'sum(videoforge_webhook_deliveries_total{outcome="delivered"})',
      (v) => v >= 7,
    );
    await promApi.waitFor('sum(videoforge_reconciled_total{kind="expired_upload"})', (v) => v >= 1);
    for (const service of SERVICES) {
      scrapes.set(service, await (await fetch(`http://${endpoints[service]}/metrics`)).text());
    }
  });
  afterAll(async () => {
    await prometheus?.stop();
    await pipeline?.stop();
    await receiver?.close();
    await dir?.remove();
  });

  describe('the metrics contract', () => {
    const families = (service: ServiceName) => parseExposition(scrapes.get(service) ?? '');

    it('each service exports its SPEC metrics, with their types and bounded labels', () => {
      const problems: string[] = [];
      for (const service of SERVICES) {
        const exported = families(service);
        for (const [name, spec] of Object.entries(METRICS)) {
          const family = exported.get(name);
          if (!spec.services.includes(service)) {
            if (family)
              problems.push(
                `${service} exports ${name}, which belongs to ${spec.services.join(', ')}`,
              );
            continue;
          }
          if (!family) {
            problems.push(`${service} does not export ${name}`);
            continue;
          }
          if (family.type !== spec.type)
            problems.push(`${name} on ${service} is a ${family.type}, not a ${spec.type}`);
          problems.push(...labelProblems(service, family, spec.labels));
        }
      }
      expect(problems).toEqual([]);
    });

    it('exports the default Node.js process metrics on every service', () => {
      for (const service of SERVICES) {
        const exported = families(service);
        for (const [name, type] of Object.entries(PROCESS_METRICS)) {
          expect(exported.get(name)?.type, `${name} on ${service}`).toBe(type);
          expect(exported.get(name)?.samples[0]?.labels.service).toBe(service);
        }
      }
    });

    it('exports nothing under the videoforge_ and http_ prefixes that the contract does not name', () => {
      for (const service of SERVICES) {
        const extra = [...families(service).keys()].filter(
          (name) => /^(videoforge_|http_)/.test(name) && !(name in METRICS),
        );
        expect(extra, service).toEqual([]);
      }
    });

    it('never puts an id of the run in a label value', () => {
      const ids = [
        run.userId,
        run.video.videoId,
        run.failed.videoId,
        run.abandoned.videoId,
        run.webhookId,
        ...jobIds(logs),
      ];
      expect(ids.length).toBeGreaterThan(6);
      for (const [service, text] of scrapes) {
        for (const id of ids)
          expect(text.includes(id), `${id} in ${service}'s /metrics`).toBe(false);
      }
    });

    it('counts what the run did', () => {
      const value = (service: ServiceName, name: string, labels: Record<string, string>) =>
        families(service)
          .get(name)
          ?.samples.filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
          .reduce((sum, s) => sum + s.value, 0) ?? 0;
      const worker = (name: string, labels: Record<string, string> = {}) =>
        value('transcoder', name, labels);
      expect(
        worker('videoforge_transcode_jobs_total', { quality: '720p', outcome: 'success' }),
      ).toBe(1);
      expect(
        worker('videoforge_transcode_jobs_total', { quality: 'hls', outcome: 'success' }),
      ).toBe(1);
      // The corrupt upload: two jobs, three attempts each.
      expect(worker('videoforge_transcode_jobs_total', { outcome: 'failure' })).toBe(6);
      expect(worker('videoforge_transcode_duration_seconds', { le: '+Inf' })).toBe(2);
      expect(worker('videoforge_transcode_speed_ratio', { le: '+Inf' })).toBe(2);
      // Only the good video became READY, once.
      expect(worker('videoforge_time_to_ready_seconds', { le: '+Inf' })).toBe(1);
      expect(worker('videoforge_transcode_jobs_in_progress')).toBe(0);
      expect(value('api', 'videoforge_cache_requests_total', { result: 'hit' })).toBeGreaterThan(0);
      expect(
        value('api', 'http_request_duration_seconds', { route: '/api/videos/:id', le: '+Inf' }),
      ).toBeGreaterThan(3);
      // Both dead letters, visible or held by reconcile-stuck-work while it peeks at them.
      expect(value('admin', 'videoforge_queue_messages', { queue: 'dlq' })).toBe(2);
      // Two uploads whose video.uploaded (the scenario's REFUSED_EVENT) the receiver refused at
      // both attempts; the other seven events (2 rendition.ready, video.ready, 2 rendition.failed, video.failed,
      // video.deleted of the expired upload) delivered at once.
      const events = (name: string, labels: Record<string, string> = {}) =>
        value('events', name, labels);
      const deliveries = (outcome: string) =>
        events('videoforge_webhook_deliveries_total', { outcome });
      expect(deliveries('retried')).toBe(2);
      expect(deliveries('failed')).toBe(2);
      expect(deliveries('delivered')).toBe(7);
      expect(events('videoforge_webhook_delivery_duration_seconds', { le: '+Inf' })).toBe(11);
      expect(events('videoforge_reconciled_total', { kind: 'expired_upload' })).toBe(1);
      // Nothing was stuck: the dead letters belong to renditions that already FAILED.
      expect(events('videoforge_reconciled_total', { kind: 'requeued' })).toBe(0);
      expect(events('videoforge_reconciled_total', { kind: 'dead_lettered' })).toBe(0);
      for (const task of ['expire-abandoned-uploads', 'reconcile-stuck-work']) {
        expect(
          events('videoforge_maintenance_runs_total', { task, outcome: 'success' }),
          task,
        ).toBeGreaterThan(0);
        expect(
          events('videoforge_maintenance_runs_total', { task, outcome: 'failure' }),
          task,
        ).toBe(0);
      }
    });

    it('passes promtool check metrics, except for prom-client defaults it cannot change', async () => {
      for (const [service, text] of scrapes) {
        const findings = (await promtool(['check', 'metrics'], text))
          .split('\n')
          .filter(
            (line) => line.trim() && !/^nodejs_active_\w+_total non-counter metrics/.test(line),
          );
        expect(findings, service).toEqual([]);
      }
    });
  });

  describe('dashboards and alerts, evaluated by a real Prometheus', () => {
    it('answers every dashboard query without error, with data in every panel', async () => {
      const problems: string[] = [];
      let evaluated = 0;
      for (const dashboard of loadDashboards()) {
        for (const panel of dataPanels(dashboard)) {
          let withData = false;
          for (const target of panel.targets ?? []) {
            const expr = expand(target.expr, dashboard);
            const where = `${dashboard.title} / ${panel.title} / ${target.refId}`;
            if (expr.includes('$')) problems.push(`${where}: undefined variable in ${expr}`);
            try {
              const result = await promApi.query(expr);
              evaluated++;
              const clusterOnly = metricNames(expr).every(
                (n) => n.startsWith('kube_') && n in EXTERNAL_METRICS,
              );
              if (result.some(isFiniteSample)) withData = true;
              else if (!clusterOnly) problems.push(`${where}: no data for ${expr}`);
            } catch (error) {
              problems.push(`${where}: ${(error as Error).message}`);
            }
          }
          if (!withData)
            problems.push(`${dashboard.title} / ${panel.title}: the panel shows nothing`);
        }
      }
      expect(problems).toEqual([]);
      expect(evaluated).toBeGreaterThan(30);
    });

    it('resolves every template variable to values', async () => {
      for (const dashboard of loadDashboards()) {
        for (const variable of dashboard.templating.list.filter((v) => v.type === 'query')) {
          const match = /^label_values\((.+),\s*(\w+)\)$/.exec(
            expand(variableQuery(variable), dashboard),
          );
          expect(match, `${dashboard.title} $${variable.name}`).not.toBeNull();
          const [, selector = '', label = ''] = match ?? [];
          expect(
            await promApi.labelValues(label, selector),
            `${dashboard.title} $${variable.name}`,
          ).not.toEqual([]);
        }
      }
    });

    it('loads every alert rule and evaluates each without error', async () => {
      const { groups } = await promApi.rules();
      const rules = groups.flatMap((g) => g.rules);
      expect(rules.map((r) => r.name).sort()).toEqual([
        'EventsBacklogGrowing',
        'VideoForgeApiLatencyHigh',
        'VideoForgeBacklogWithoutWorkers',
        'VideoForgeDeadLetters',
        'VideoForgeHttpErrorRatio',
        'VideoForgeQueueDepthUnknown',
        'VideoForgeTranscodeFailureRatio',
        'VideoForgeTranscodeStalls',
        'WebhookFailureRatioHigh',
      ]);
      for (const rule of rules) {
        expect({ rule: rule.name, health: rule.health, error: rule.lastError ?? '' }).toEqual({
          rule: rule.name,
          health: 'ok',
          error: '',
        });
        await promApi.query(rule.query);
      }
    });

    it('sees the dead letters, and stays quiet about what did not happen', async () => {
      const state = async () =>
        Object.fromEntries(
          (await promApi.rules()).groups.flatMap((g) => g.rules).map((r) => [r.name, r.state]),
        );
      // Pending, not firing: the letters have not been there for the rule's 5 minutes. (Rules are
      // evaluated every second: the evaluation after the letters' first scrape may still be due.)
      const states = await pollUntil(state, (s) => s.VideoForgeDeadLetters !== 'inactive', {
        timeoutMs: 10_000,
        intervalMs: 250,
      });
      expect(states.VideoForgeDeadLetters).toBe('pending');
      expect(states).toMatchObject({
        VideoForgeHttpErrorRatio: 'inactive',
        VideoForgeBacklogWithoutWorkers: 'inactive',
        VideoForgeTranscodeStalls: 'inactive',
        VideoForgeQueueDepthUnknown: 'inactive',
        EventsBacklogGrowing: 'inactive',
      });
    });
  });

  describe('logs', () => {
    it('hold no password, token, presigned URL or signed playback link', () => {
      const text = logs.lines().join('\n');
      const { passwords, tokens, urls } = run.secrets;
      for (const secret of [...passwords, ...tokens, ...urls.flatMap(secretPartsOf)]) {
        expect(text.includes(secret), `a log line holds ${secret.slice(0, 24)}…`).toBe(false);
      }
      expect(urls.length).toBeGreaterThanOrEqual(4);
      expect(text).not.toMatch(/X-Amz-Signature|X-Amz-Credential|Bearer |eyJ[\w-]+\.eyJ/);
      // The signed HLS request was logged, with its token masked.
      expect(text).toContain('/api/playback/hls/[redacted]/master.m3u8');
    });

    it('follow one video across api, lambda and transcoder by its ids', () => {
      const { videoId } = run.video;
      const lines = parsedLines(logs).filter((l) => JSON.stringify(l).includes(videoId));
      const by = (component: string) => lines.filter((l) => l.component === component);
      for (const line of lines) expect(line.service).toBeTypeOf('string');
      expect(by('api').length).toBeGreaterThan(0);
      for (const line of by('api')) {
        expect(line).toMatchObject({ requestId: expect.any(String), userId: run.userId });
      }
      expect(by('lambda')).toContainEqual(expect.objectContaining({ videoId, userId: run.userId }));
      const worker = by('transcoder');
      expect(new Set(worker.map((l) => l.quality))).toEqual(new Set(['720p', 'hls']));
      for (const line of worker.filter((l) => l.msg === 'job started')) {
        expect(line).toMatchObject({ jobId: expect.any(String), videoId, userId: run.userId });
      }
      // Every request line of both services carries its request id.
      const requests = parsedLines(logs).filter((l) => l.msg === 'request');
      expect(requests.length).toBeGreaterThan(10);
      for (const line of requests) expect(line.requestId).toBeTypeOf('string');
    });

    it('say why a job failed, with the tail of ffprobe stderr and the job ids', () => {
      const failures = parsedLines(logs).filter((l) => l.msg === 'job failed');
      expect(failures).toHaveLength(6);
      for (const line of failures) {
        expect(line).toMatchObject({
          component: 'transcoder',
          jobId: expect.any(String),
          videoId: run.failed.videoId,
          userId: run.userId,
          // The code users see, and for operators what ffprobe itself said on stderr.
          code: 'SOURCE_UNREADABLE',
          diagnostic: expect.stringMatching(
            /^ffprobe cannot read the source: .*(moov atom not found|Invalid data)/,
          ),
        });
      }
    });
  });
});

type LogLine = Record<string, unknown> & { msg?: string; component?: string };

function parsedLines(logs: CapturedLogs): LogLine[] {
  return logs.lines().map((line) => JSON.parse(line) as LogLine);
}

function jobIds(logs: CapturedLogs): string[] {
  return [
    ...new Set(parsedLines(logs).flatMap((l) => (typeof l.jobId === 'string' ? [l.jobId] : []))),
  ];
}

/** A presigned or signed URL, and the parts of it that are secrets on their own. */
function secretPartsOf(url: string): string[] {
  const parsed = new URL(url);
  const signature = parsed.searchParams.get('X-Amz-Signature');
  const longSegments = parsed.pathname.split('/').filter((s) => s.length > 40);
  return [
    url,
    `${parsed.pathname}${parsed.search}`,
    ...(signature ? [signature] : []),
    ...longSegments,
  ];
}

function metricsEndpoints(pipeline: Pipeline): Record<ServiceName, string> {
  if (!pipeline.transcoder) throw new Error('the pipeline has no worker');
  if (!pipeline.events) throw new Error('the pipeline has no events service');
  return {
    api: new URL(pipeline.api.url).host,
    admin: new URL(pipeline.admin.url).host,
    transcoder: `127.0.0.1:${pipeline.transcoder.healthPort}`,
    events: `127.0.0.1:${pipeline.events.healthPort}`,
  };
}

function labelProblems(
  service: ServiceName,
  family: Family,
  labels: Readonly<Record<string, readonly string[] | RegExp>>,
): string[] {
  const problems: string[] = [];
  const histogram = family.type === 'histogram';
  const expected = new Set(['service', ...Object.keys(labels)]);
  if (family.samples.length === 0) problems.push(`${family.name} on ${service} has no series`);
  for (const sample of family.samples) {
    const names = Object.keys(sample.labels).filter((l) => !(histogram && l === 'le'));
    const where = `${sample.name}${JSON.stringify(sample.labels)} on ${service}`;
    if (names.length !== expected.size || !names.every((n) => expected.has(n))) {
      problems.push(`${where}: labels should be ${[...expected].join(', ')}`);
    }
    if (sample.labels.service !== service) problems.push(`${where}: service label`);
    for (const [label, rule] of Object.entries(labels)) {
      const value = sample.labels[label];
      if (value !== undefined && !allows(rule, value))
        problems.push(`${where}: ${label}="${value}" is not allowed`);
    }
  }
  return problems;
}

function promtool(args: string[], stdin: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(requireBinary('promtool'), args, (error, stdout, stderr) => {
      // Exit code 3 means "lint findings", which the caller judges; anything else is a failure.
      if (error && error.code !== 3) reject(new Error(`promtool ${args.join(' ')}: ${stderr}`));
      else resolve(`${stdout}${stderr}`);
    });
    child.stdin?.end(stdin);
  });
}
