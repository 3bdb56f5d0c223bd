/**
 * `npm run bench`: every benchmark in one run on the same generated inputs, printed as one table.
 * BENCH_RUNS (default 3) runs per timing; BENCH_CLIP_SECONDS (default 10) for the 1080p clip;
 * BENCH_ONLY=a,b,c,d to run a subset.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPipeline } from '@videoforge/local/pipeline';
import { createLogger } from '@videoforge/platform';
import { makeTestClip, requireBinary } from '@videoforge/testkit';
import { benchHlsOneDecode } from './hls-one-decode.ts';
import { collectFinishedJobs, type FinishedJob } from './log-collector.ts';
import { benchPickupLatency } from './pickup-latency.ts';
import { printTable, type BenchRow } from './stats.ts';
import { benchTranscodeOverhead } from './transcode-overhead.ts';
import { benchWorkerMemory } from './worker-memory.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLIP_SECONDS = Number(process.env.BENCH_CLIP_SECONDS ?? 10);
const ONLY = new Set((process.env.BENCH_ONLY ?? 'a,b,c,d').split(','));
const PRESET = 'veryfast';

async function main(): Promise<void> {
  requireBinary('ffmpeg');
  const work = await mkdtemp(join(tmpdir(), 'videoforge-bench-'));
  const rows: BenchRow[] = [];
  try {
    const source = join(work, 'source-1080p.mp4');
    await makeTestClip({ path: source, width: 1920, height: 1080, durationSec: CLIP_SECONDS });
    if (ONLY.has('a') || ONLY.has('d')) {
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
