/**
 * `npm run bench`: every benchmark in one run on the same generated inputs, printed as one table.
 * BENCH_RUNS (default 3) runs per timing; BENCH_CLIP_SECONDS (default 10) for the 1080p clip;
 * BENCH_BURST_UPLOADS (default 20) for the burst; BENCH_ONLY=a,b,c,d,e,cost,scaling,api,playlist,web to
 * run a subset.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPipeline } from '@videoforge/local/pipeline';
import { createLogger } from '@videoforge/platform';
import { makeTestClip, requireBinary } from '@videoforge/testkit';
import { benchApiHotPath } from './api-hot-path.ts';
import { benchBurstThroughput } from './burst-throughput.ts';
import { benchCost } from './cost.ts';
import { benchHlsOneDecode } from './hls-one-decode.ts';
import { collectFinishedJobs, type FinishedJob } from './log-collector.ts';
import { benchPickupLatency } from './pickup-latency.ts';
import { benchPlaylist } from './playlist.ts';
import { benchScalingModel } from './scaling-model.ts';
import { printTable, type BenchRow } from './stats.ts';
import { benchTranscodeOverhead } from './transcode-overhead.ts';
import { benchWebBundle } from './web-bundle.ts';
import { benchWorkerMemory } from './worker-memory.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLIP_SECONDS = Number(process.env.BENCH_CLIP_SECONDS ?? 10);
const BURST_UPLOADS = Number(process.env.BENCH_BURST_UPLOADS ?? 20);
const ONLY = new Set(
  (process.env.BENCH_ONLY ?? 'a,b,c,d,e,cost,scaling,api,playlist,web').split(','),
);
const PRESET = 'veryfast';

async function main(): Promise<void> {
  requireBinary('ffmpeg');
  const work = await mkdtemp(join(tmpdir(), 'videoforge-bench-'));
  const rows: BenchRow[] = [];
  try {
    const source = join(work, 'source-1080p.mp4');
    await makeTestClip({ path: source, width: 1920, height: 1080, durationSec: CLIP_SECONDS });
    if (ONLY.has('a') || ONLY.has('d') || ONLY.has('e')) {
      const finished: FinishedJob[] = [];
      const pipeline = await startPipeline({
        transcoderEnv: { FFMPEG_PRESET: PRESET },
        logger: createLogger('bench', 'info', collectFinishedJobs(finished)),
      });
      try {
        if (ONLY.has('a'))
          rows.push(
            ...(await benchTranscodeOverhead(pipeline, finished, source, work, RUNS, PRESET)),
          );
        if (ONLY.has('d')) rows.push(await benchPickupLatency(pipeline, finished, 30));
        if (ONLY.has('e'))
          rows.push(
            ...(await benchBurstThroughput(
              pipeline,
              finished,
              source,
              work,
              BURST_UPLOADS,
              PRESET,
            )),
          );
      } finally {
        await pipeline.stop();
      }
    }
    if (ONLY.has('b')) rows.push(await benchHlsOneDecode(source, work, RUNS, PRESET));
    if (ONLY.has('c')) {
      const pipeline = await startPipeline({ transcoder: false });
      try {
        rows.push(await benchWorkerMemory(pipeline, work));
      } finally {
        await pipeline.stop();
      }
    }
    const cost = ONLY.has('cost') ? await benchCost(source, work, RUNS, PRESET) : undefined;
    if (cost) rows.push(...cost.rows);
    if (ONLY.has('scaling')) rows.push(...(await benchScalingModel(cost?.speedPerVcpu720p)));
    if (ONLY.has('api')) rows.push(...(await benchApiHotPath()));
    if (ONLY.has('playlist')) rows.push(...(await benchPlaylist()));
    if (ONLY.has('web')) rows.push(await benchWebBundle());
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  printTable(
    `VideoForge benchmarks (libx264 ${PRESET}, ${RUNS} runs per timing, ${CLIP_SECONDS} s 1920x1080 clip)`,
    rows,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
