/**
 * (b) The HLS ladder from one decode (split + var_stream_map, as the worker runs it) against one
 * ffmpeg process per rung, on the same 1080p source. Interleaved runs, medians.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  buildHlsOutputOptions,
  describeCommand,
  hlsPlaylistPattern,
  probeMedia,
} from '@videoforge/ffmpeg';
import { hlsLadder } from '@videoforge/transcoder/renditions';
import { timeFfmpeg } from './run-ffmpeg.ts';
import { median, seconds, type BenchRow } from './stats.ts';

export async function benchHlsOneDecode(
  source: string,
  work: string,
  runs: number,
  preset: string,
): Promise<BenchRow> {
  const info = await probeMedia(source);
  const rungs = hlsLadder(info);
  const oneDecode: number[] = [];
  const separate: number[] = [];
  for (let run = 0; run < runs; run++) {
    const together = join(work, `ladder-${run}`);
    await mkdir(together, { recursive: true });
    oneDecode.push(
      await timeFfmpeg(
        describeCommand(
          source,
          hlsPlaylistPattern(together),
          buildHlsOutputOptions(info, rungs, together, { preset }),
        ),
      ),
    );
    let total = 0;
    for (const rung of rungs) {
      const alone = join(work, `rung-${run}-${rung.name}`);
      await mkdir(alone, { recursive: true });
      total += await timeFfmpeg(
        describeCommand(
          source,
          hlsPlaylistPattern(alone),
          buildHlsOutputOptions(info, [rung], alone, { preset }),
        ),
      );
    }
    separate.push(total);
    await rm(together, { recursive: true, force: true });
  }
  const ratio = median(oneDecode) / median(separate);
  return {
    measure: `(b) HLS ladder ${rungs.map((r) => r.name).join('/')}: one decode vs a process per rung`,
    result: `${ratio.toFixed(3)}x`,
    goal: '<= 0.85x',
    detail: `one decode ${seconds(median(oneDecode))}, separate ${seconds(median(separate))} (medians of ${runs})`,
  };
}
