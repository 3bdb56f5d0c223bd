/**
 * (cost) Cost per HD output minute: the measured x264 speed per vCPU (the transcoder's own MP4
 * arguments, 1080p source to 720p and to 1080p) priced at Fargate's list prices, against AWS
 * Elemental MediaConvert's list price per HD output minute. Goal: at most a tenth of MediaConvert's.
 *
 * Prices are us-east-1 list prices, checked on 2026-12-01 (docs/performance-cost-scaling.md says
 * against what). MediaConvert's is its first volume tier: the comparison is also printed against
 * its deepest volume discount.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { defaultSettings } from '@videoforge/cdk8s/settings';
import { describeCommand, probeMedia } from '@videoforge/ffmpeg';
import { buildMp4OutputOptions } from '@videoforge/transcoder/renditions';
import { requireBinary } from '@videoforge/testkit';
import { median, type BenchRow } from './stats.ts';

/** https://aws.amazon.com/fargate/pricing/ (us-east-1, Linux/x86, on-demand), as of June 2026. */
export const FARGATE_ON_DEMAND = { perVcpuHour: 0.04048, perGbHour: 0.004445 };
/** https://aws.amazon.com/fargate/pricing/ (us-east-1, Linux/x86, Fargate Spot; it moves), 2025. */
export const FARGATE_SPOT = { perVcpuHour: 0.01244, perGbHour: 0.00137 };
/**
 * https://aws.amazon.com/mediaconvert/pricing/ (us-east-1, on-demand, AVC, HD up to 30 fps, first
 * volume tier): since September 2024 an HD minute is 2 normalized minutes at 0.0075 USD (basic).
 */
export const MEDIACONVERT_HD_PER_MINUTE = { basic: 0.015, professional: 0.024 };
/** The most MediaConvert's monthly volume tiers take off its list price (AWS, September 2024). */
export const MEDIACONVERT_DEEPEST_VOLUME_DISCOUNT = 0.75;
/** What EKS adds to a Fargate pod's memory for its own components before picking a size. */
const FARGATE_POD_OVERHEAD_GIB = 0.25;

export interface FargatePod {
  vcpu: number;
  /** Billed memory: the request plus the overhead, rounded up to Fargate's 1 GB steps. */
  memoryGb: number;
}

/** The transcoder's pod as Fargate bills it, from the chart's defaults. */
export function transcoderPod(): FargatePod {
  const { cpu, memory } = defaultSettings.transcoder.resources;
  return {
    vcpu: Number(cpu),
    memoryGb: Math.ceil(gibOf(memory) + FARGATE_POD_OVERHEAD_GIB),
  };
}

function gibOf(quantity: string): number {
  const match = /^(\d+(?:\.\d+)?)(Gi|Mi)$/.exec(quantity);
  if (!match) throw new Error(`memory quantity ${quantity} is not in Gi or Mi`);
  return Number(match[1]) / (match[2] === 'Gi' ? 1 : 1024);
}

/** US dollars for one second of a pod at these prices. */
export function podCostPerSecond(pod: FargatePod, prices: typeof FARGATE_ON_DEMAND): number {
  return (pod.vcpu * prices.perVcpuHour + pod.memoryGb * prices.perGbHour) / 3600;
}

/**
 * One output minute takes 60 / (speed per vCPU x vCPUs) seconds of the pod: x264 keeps every vCPU
 * of the pod busy, so the CPU seconds measured here are the vCPU seconds Fargate bills.
 */
export function costPerOutputMinute(
  speedPerVcpu: number,
  pod: FargatePod,
  prices: typeof FARGATE_ON_DEMAND,
): number {
  return (60 / (speedPerVcpu * pod.vcpu)) * podCostPerSecond(pod, prices);
}

export interface CostResult {
  rows: BenchRow[];
  /** Media seconds encoded to 720p per vCPU-second (for the scaling model). */
  speedPerVcpu720p: number;
}

export async function benchCost(
  source: string,
  work: string,
  runs: number,
  preset: string,
): Promise<CostResult> {
  const { durationSec } = await probeMedia(source);
  const pod = transcoderPod();
  const rows: BenchRow[] = [];
  let speedPerVcpu720p = NaN;
  for (const quality of ['720p', '1080p'] as const) {
    const args = describeCommand(
      source,
      join(work, `cost-${quality}.mp4`),
      buildMp4OutputOptions(quality, { preset }),
    );
    const cpu: number[] = [];
    for (let run = 0; run < runs; run++) cpu.push(await cpuSecondsOf(args));
    const speedPerVcpu = durationSec / median(cpu);
    if (quality === '720p') speedPerVcpu720p = speedPerVcpu;
    rows.push(costRow(quality, speedPerVcpu, pod, median(cpu)));
  }
  return { rows, speedPerVcpu720p };
}

function costRow(
  quality: string,
  speedPerVcpu: number,
  pod: FargatePod,
  cpuSeconds: number,
): BenchRow {
  const onDemand = costPerOutputMinute(speedPerVcpu, pod, FARGATE_ON_DEMAND);
  const spot = costPerOutputMinute(speedPerVcpu, pod, FARGATE_SPOT);
  const basic = MEDIACONVERT_HD_PER_MINUTE.basic;
  const deepest = basic * (1 - MEDIACONVERT_DEEPEST_VOLUME_DISCOUNT);
  const dollars = (usd: number) => `$${usd.toFixed(5)}`;
  return {
    measure: `(cost) HD output minute, 1080p source to ${quality}: Fargate on-demand / Spot vs MediaConvert basic ${dollars(basic)}, professional ${dollars(MEDIACONVERT_HD_PER_MINUTE.professional)}`,
    result: `${dollars(onDemand)} / ${dollars(spot)} (1/${(basic / onDemand).toFixed(0)} / 1/${(basic / spot).toFixed(0)} of basic)`,
    goal: `<= ${dollars(basic / 10)} (1/10 of basic)`,
    detail: `${speedPerVcpu.toFixed(2)}x real time per vCPU (${cpuSeconds.toFixed(2)} CPU s per clip); pod ${pod.vcpu} vCPU / ${pod.memoryGb} GB billed; at MediaConvert's deepest volume discount (${dollars(deepest)}) 1/${(deepest / onDemand).toFixed(0)} on-demand, 1/${(deepest / spot).toFixed(0)} Spot`,
  };
}

/**
 * CPU seconds (user + system) one ffmpeg run used, as the shell's `times` reports for its
 * children: what a vCPU bills, whatever else this machine is running meanwhile.
 */
async function cpuSecondsOf(args: readonly string[]): Promise<number> {
  const script = '"$0" -nostdin "$@" >/dev/null 2>&1 || exit 1; times';
  const { stdout } = await promisify(execFile)('sh', [
    '-c',
    script,
    requireBinary('ffmpeg'),
    ...args,
  ]);
  const children = stdout.trim().split('\n').at(-1) ?? '';
  const [user, system] = children.split(/\s+/).map(secondsOfTimes);
  if (user === undefined || system === undefined) throw new Error(`cannot read times: ${stdout}`);
  return user + system;
}

/** `1m2.500000s` (the shell's `times` format) in seconds. */
function secondsOfTimes(text: string): number {
  const match = /^(\d+)m(\d+(?:\.\d+)?)s$/.exec(text);
  if (!match) throw new Error(`unexpected times output: ${text}`);
  return Number(match[1]) * 60 + Number(match[2]);
}
