/**
 * (scaling) A model, on paper, of KEDA scaling the transcoders through a burst of uploads: the
 * ScaledObject's settings come from the chart's defaults (cdk8s), the job time from the measured
 * encode speed, the prices from the cost bench. One-second steps:
 * - KEDA reads the queue (visible + in flight) every pollingInterval; it alone takes the Deployment
 *   from 0 to 1 and, after cooldownPeriod without messages, back to 0;
 * - from 1 up, the HPA every 15 s asks for ceil(messages / queueLength) pods up to maxReplicas, at
 *   most max(4 pods, 100 %) more per step, and scales down to the highest ask of the last 300 s
 *   (Kubernetes' defaults: the ScaledObject sets no `behavior`);
 * - a new pod works after the Fargate start latency and runs `concurrency` jobs; Fargate bills it
 *   from the request until it stops, one minute at least.
 * Writes docs/images/scaling-model.png and prints how each knob moves the result.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import { defaultSettings } from '@videoforge/cdk8s/settings';
import { DEFAULT_RENDITIONS } from '@videoforge/core';
import {
  FARGATE_ON_DEMAND,
  FARGATE_SPOT,
  podCostPerSecond,
  transcoderPod,
  type FargatePod,
} from './cost.ts';
import { percentile, type BenchRow } from './stats.ts';

/**
 * Assumed, not measured (no cluster here): EKS on Fargate starts a micro-VM per pod and pulls the
 * image with no node cache. AWS publishes no figure; about a minute is the order reported for an
 * image of this size. Measure it from the pod events of a real cluster and set it here.
 */
export const FARGATE_POD_START_SECONDS = 60;
/** Kubernetes' defaults for an HPA without `behavior`. */
const HPA = { syncSeconds: 15, scaleUpPods: 4, scaleUpPercent: 100, scaleDownWindowSeconds: 300 };
/** Probe, poster and upload around the encode of one job, seconds (bench row (a)'s phases). */
const JOB_OVERHEAD_SECONDS = 3;
/** The HLS ladder of a 1080p source (1080, 720, 480, 360) against one 720p encode, by pixels. */
const HLS_WORK_PER_720P = [1080, 720, 480, 360].reduce((sum, h) => sum + (h / 720) ** 2, 0);
/** Used when the cost bench did not run: its 720p speed on this machine (docs/performance-cost-scaling.md). */
const FALLBACK_SPEED_PER_VCPU = 1.4;

export interface Knobs {
  pollingIntervalSeconds: number;
  cooldownSeconds: number;
  minReplicas: number;
  maxReplicas: number;
  queueLength: number;
  activationQueueLength: number;
  concurrency: number;
  podStartSeconds: number;
}

export interface Burst {
  uploads: number;
  windowSeconds: number;
  clipSeconds: number;
}

export const BURST: Burst = { uploads: 500, windowSeconds: 600, clipSeconds: 60 };

/** The ScaledObject and worker settings as the chart renders them by default. */
export function chartKnobs(): Knobs {
  const { scaling, concurrency } = defaultSettings.transcoder;
  return {
    pollingIntervalSeconds: scaling.pollingIntervalSeconds,
    cooldownSeconds: scaling.cooldownSeconds,
    minReplicas: scaling.minReplicas,
    maxReplicas: scaling.maxReplicas,
    queueLength: scaling.queueLength,
    activationQueueLength: scaling.activationQueueLength,
    concurrency,
    podStartSeconds: FARGATE_POD_START_SECONDS,
  };
}

interface Job {
  upload: number;
  seconds: number;
}

interface Pod {
  requestedAt: number;
  readyAt: number;
  stoppedAt?: number;
  running: { job: Job; endsAt: number }[];
}

export interface Sample {
  minute: number;
  queued: number;
  running: number;
  podsReady: number;
  podsAsked: number;
}

export interface Outcome {
  drainSeconds: number;
  lastPodStopSeconds: number;
  p50ReadySeconds: number;
  p95ReadySeconds: number;
  peakPods: number;
  podSeconds: number;
  costOnDemand: number;
  costSpot: number;
  samples: Sample[];
}

/** The jobs of one upload (the default renditions), each with its time on one pod. */
function jobsOf(upload: number, burst: Burst, speedPerVcpu: number, pod: FargatePod): Job[] {
  const encode720p = burst.clipSeconds / (speedPerVcpu * pod.vcpu);
  return DEFAULT_RENDITIONS.map((target) => ({
    upload,
    seconds: JOB_OVERHEAD_SECONDS + encode720p * (target === 'hls' ? HLS_WORK_PER_720P : 1),
  }));
}

export function simulate(knobs: Knobs, burst: Burst, speedPerVcpu: number): Outcome {
  const podSize = transcoderPod();
  const arrivals = Array.from({ length: burst.uploads }, (_, i) => ({
    at: Math.floor((i * burst.windowSeconds) / burst.uploads),
    jobs: jobsOf(i, burst, speedPerVcpu, podSize),
  }));
  const queue: Job[] = [];
  const pods: Pod[] = [];
  const left = new Map<number, number>();
  const readyAt: number[] = [];
  const asks: { at: number; pods: number }[] = [];
  const samples: Sample[] = [];
  let asked = knobs.minReplicas;
  let lastActive = 0;
  let drained = 0;
  let next = 0;
  const live = () => pods.filter((p) => p.stoppedAt === undefined);
  for (
    let t = 0;
    next < arrivals.length || queue.length > 0 || asked > 0 || live().length > 0;
    t++
  ) {
    for (; next < arrivals.length && arrivals[next]!.at <= t; next++) {
      queue.push(...arrivals[next]!.jobs);
      left.set(next, arrivals[next]!.jobs.length);
    }
    for (const pod of live()) {
      for (const run of pod.running.filter((r) => r.endsAt <= t)) {
        const remaining = (left.get(run.job.upload) ?? 1) - 1;
        left.set(run.job.upload, remaining);
        if (remaining === 0) readyAt.push(t - arrivals[run.job.upload]!.at);
        drained = t;
      }
      pod.running = pod.running.filter((r) => r.endsAt > t);
      while (pod.readyAt <= t && pod.running.length < knobs.concurrency && queue.length > 0) {
        const job = queue.shift()!;
        pod.running.push({ job, endsAt: t + job.seconds });
      }
    }
    const messages = queue.length + live().reduce((n, p) => n + p.running.length, 0);
    if (t % knobs.pollingIntervalSeconds === 0) {
      if (messages > 0) lastActive = t;
      if (asked === 0 && messages > knobs.activationQueueLength) asked = 1;
      else if (asked > 0 && messages === 0 && t - lastActive >= knobs.cooldownSeconds)
        asked = knobs.minReplicas;
    }
    if (asked > 0 && t % HPA.syncSeconds === 0) asked = hpaStep(knobs, asked, messages, t, asks);
    resize(pods, asked, t, knobs.podStartSeconds);
    if (t % 10 === 0)
      samples.push({
        minute: t / 60,
        queued: queue.length,
        running: messages - queue.length,
        podsReady: live().filter((p) => p.readyAt <= t).length,
        podsAsked: asked,
      });
  }
  return outcomeOf(pods, podSize, drained, readyAt, samples);
}

function hpaStep(
  knobs: Knobs,
  current: number,
  messages: number,
  t: number,
  asks: { at: number; pods: number }[],
): number {
  const wanted = Math.min(
    knobs.maxReplicas,
    Math.max(1, knobs.minReplicas, Math.ceil(messages / knobs.queueLength)),
  );
  asks.push({ at: t, pods: wanted });
  if (wanted > current) {
    const step = Math.max(current + HPA.scaleUpPods, current * (1 + HPA.scaleUpPercent / 100));
    return Math.min(wanted, step);
  }
  const recent = asks.filter((a) => a.at > t - HPA.scaleDownWindowSeconds);
  return Math.max(...recent.map((a) => a.pods));
}

/** More pods start; fewer: idle and starting pods go first, a busy one finishes its job. */
function resize(pods: Pod[], asked: number, t: number, startSeconds: number): void {
  const live = pods.filter((p) => p.stoppedAt === undefined);
  for (let n = live.length; n < asked; n++)
    pods.push({ requestedAt: t, readyAt: t + startSeconds, running: [] });
  const idleFirst = [...live].sort((a, b) => a.running.length - b.running.length);
  for (const pod of idleFirst.slice(0, Math.max(0, live.length - asked)))
    if (pod.running.length === 0) pod.stoppedAt = t;
}

function outcomeOf(
  pods: Pod[],
  podSize: FargatePod,
  drained: number,
  readyAt: number[],
  samples: Sample[],
): Outcome {
  const billed = pods.map((p) => Math.max(60, (p.stoppedAt ?? drained) - p.requestedAt));
  const podSeconds = billed.reduce((a, b) => a + b, 0);
  return {
    drainSeconds: drained,
    lastPodStopSeconds: Math.max(...pods.map((p) => p.stoppedAt ?? drained)),
    p50ReadySeconds: percentile(readyAt, 50),
    p95ReadySeconds: percentile(readyAt, 95),
    peakPods: Math.max(...samples.map((s) => s.podsReady)),
    podSeconds,
    costOnDemand: podSeconds * podCostPerSecond(podSize, FARGATE_ON_DEMAND),
    costSpot: podSeconds * podCostPerSecond(podSize, FARGATE_SPOT),
    samples,
  };
}

const minutes = (s: number) => `${(s / 60).toFixed(1)} min`;

/** The knobs that move the result, one at a time from the chart's defaults. */
function variants(base: Knobs): [string, Knobs][] {
  return [
    ['chart defaults', base],
    ['maxReplicas 50', { ...base, maxReplicas: 50 }],
    ['maxReplicas 100', { ...base, maxReplicas: 100 }],
    ['pollingInterval 5 s', { ...base, pollingIntervalSeconds: 5 }],
    ['cooldown 60 s', { ...base, cooldownSeconds: 60 }],
    ['pod start 30 s', { ...base, podStartSeconds: 30 }],
    ['pod start 120 s', { ...base, podStartSeconds: 120 }],
    ['maxReplicas 100, pod start 120 s', { ...base, maxReplicas: 100, podStartSeconds: 120 }],
  ];
}

/** The chart the docs show, rewritten by every run. */
const CHART_PATH = fileURLToPath(new URL('../../docs/images/scaling-model.png', import.meta.url));

export async function benchScalingModel(
  measuredSpeedPerVcpu: number | undefined,
  chartPath = CHART_PATH,
): Promise<BenchRow[]> {
  const speed = measuredSpeedPerVcpu ?? FALLBACK_SPEED_PER_VCPU;
  const base = chartKnobs();
  const results = variants(base).map(([name, knobs]) => ({
    name,
    knobs,
    outcome: simulate(knobs, BURST, speed),
  }));
  printKnobs(results.map(({ name, outcome }) => ({ name, outcome })));
  const [baseline, wide] = [results[0]!, results[2]!];
  await writeChart(chartPath, baseline.outcome, wide.outcome, base);
  const burst = `${BURST.uploads} uploads of ${BURST.clipSeconds} s 1080p in ${minutes(BURST.windowSeconds)}, ${DEFAULT_RENDITIONS.join(' + ')} each`;
  return results
    .filter((r) => r === baseline || r === wide)
    .map(({ name, knobs, outcome }) => ({
      measure: `(scaling, model) ${burst}: KEDA ${name} (max ${knobs.maxReplicas}, poll ${knobs.pollingIntervalSeconds} s, cooldown ${knobs.cooldownSeconds} s), Fargate start ${knobs.podStartSeconds} s`,
      result: `drained in ${minutes(outcome.drainSeconds)}, p95 time-to-ready ${minutes(outcome.p95ReadySeconds)}`,
      goal: 'model (chart docs/images/scaling-model.png)',
      detail: `cost $${outcome.costOnDemand.toFixed(2)} on-demand / $${outcome.costSpot.toFixed(2)} Spot (${(outcome.podSeconds / 3600).toFixed(1)} pod-hours, peak ${outcome.peakPods} pods, last pod stops at ${minutes(outcome.lastPodStopSeconds)}); job speed ${speed.toFixed(2)}x per vCPU${measuredSpeedPerVcpu === undefined ? ' (fallback, cost bench not run)' : ''}`,
    }));
}

function printKnobs(results: { name: string; outcome: Outcome }[]): void {
  console.log(
    `\nKEDA scaling model: ${BURST.uploads} uploads in ${minutes(BURST.windowSeconds)}\n`,
  );
  console.log('| knob | drained | p95 time-to-ready | peak pods | on-demand | Spot |');
  console.log('|---|---|---|---|---|---|');
  for (const { name, outcome: o } of results)
    console.log(
      `| ${name} | ${minutes(o.drainSeconds)} | ${minutes(o.p95ReadySeconds)} | ${o.peakPods} | $${o.costOnDemand.toFixed(2)} | $${o.costSpot.toFixed(2)} |`,
    );
}

async function writeChart(path: string, base: Outcome, wide: Outcome, knobs: Knobs) {
  const svg = chartSvg(
    [
      { title: `chart defaults: max ${knobs.maxReplicas} replicas`, outcome: base },
      { title: 'maxReplicas 100', outcome: wide },
    ],
    knobs,
  );
  const png = new Resvg(svg, {
    fitTo: { mode: 'width', value: 1200 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
    background: 'white',
  }).render();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, png.asPng());
}

const SERIES = [
  { key: 'queued', label: 'jobs waiting', color: '#1f77b4' },
  { key: 'running', label: 'jobs running', color: '#ff7f0e' },
  { key: 'podsReady', label: 'pods working', color: '#2ca02c' },
  { key: 'podsAsked', label: 'pods asked for', color: '#7f7f7f' },
] as const;

function chartSvg(panels: { title: string; outcome: Outcome }[], knobs: Knobs): string {
  const width = 1200;
  const panelHeight = 300;
  const height = 70 + panels.length * (panelHeight + 60);
  const body = panels
    .map((panel, i) =>
      panelSvg(
        panel.title,
        panel.outcome,
        70,
        60 + i * (panelHeight + 60),
        width - 110,
        panelHeight,
      ),
    )
    .join('');
  const legend = SERIES.map(
    (s, i) =>
      `<rect x="${70 + i * 190}" y="${height - 28}" width="14" height="14" fill="${s.color}"/><text x="${90 + i * 190}" y="${height - 16}" font-size="14">${s.label}</text>`,
  ).join('');
  const title = `KEDA model: ${BURST.uploads} uploads in ${BURST.windowSeconds / 60} min; poll ${knobs.pollingIntervalSeconds} s, cooldown ${knobs.cooldownSeconds} s, Fargate start ${knobs.podStartSeconds} s`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans"><rect width="100%" height="100%" fill="white"/><text x="70" y="32" font-size="18" font-weight="bold">${title}</text>${body}${legend}</svg>`;
}

function panelSvg(title: string, o: Outcome, x: number, y: number, w: number, h: number): string {
  const maxMinute = Math.max(...o.samples.map((s) => s.minute), 1);
  const maxValue = Math.max(...o.samples.flatMap((s) => SERIES.map((series) => s[series.key])), 1);
  const px = (minute: number) => x + (minute / maxMinute) * w;
  const py = (value: number) => y + h - (value / maxValue) * h;
  const lines = SERIES.map(
    (s) =>
      `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${o.samples.map((p) => `${px(p.minute).toFixed(1)},${py(p[s.key]).toFixed(1)}`).join(' ')}"/>`,
  ).join('');
  const xTicks = ticks(maxMinute)
    .map(
      (m) => `<text x="${px(m)}" y="${y + h + 18}" font-size="12" text-anchor="middle">${m}</text>`,
    )
    .join('');
  const yTicks = ticks(maxValue)
    .map(
      (v) =>
        `<line x1="${x}" x2="${x + w}" y1="${py(v)}" y2="${py(v)}" stroke="#e5e5e5"/><text x="${x - 8}" y="${py(v) + 4}" font-size="12" text-anchor="end">${v}</text>`,
    )
    .join('');
  const caption = `${title}: drained in ${minutes(o.drainSeconds)}, p95 time-to-ready ${minutes(o.p95ReadySeconds)}, $${o.costOnDemand.toFixed(2)} on-demand / $${o.costSpot.toFixed(2)} Spot (minutes on the x axis)`;
  return `<text x="${x}" y="${y - 10}" font-size="14">${caption}</text>${yTicks}<line x1="${x}" y1="${y + h}" x2="${x + w}" y2="${y + h}" stroke="black"/><line x1="${x}" y1="${y}" x2="${x}" y2="${y + h}" stroke="black"/>${xTicks}${lines}`;
}

/** About six round tick values from 0 to max. */
function ticks(max: number): number[] {
  const raw = max / 6;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => Math.round(i * step));
}
