import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MediaInfo, MediaToolkit, TranscodeProgress } from '../../../src/worker/media.ts';
import type { SourceAccess } from '../../../src/worker/source-access.ts';

export const A_SOURCE: MediaInfo = {
  durationSec: 12,
  width: 1280,
  height: 720,
  hasAudio: true,
  videoCodec: 'h264',
  formatName: 'mov',
  frameRate: 30,
  streamCount: 2,
  audioChannels: 2,
};

/** What a fake transcode does between starting and writing its output. */
export type TranscodeStep = (run: {
  signal: AbortSignal;
  onProgress: (progress: TranscodeProgress) => void;
}) => Promise<void>;

/** Reports the given percentages, then finishes. */
export const reportsProgress =
  (...percents: number[]): TranscodeStep =>
  async ({ onProgress }) => {
    for (const percent of percents) onProgress({ percent, outTimeSec: percent / 10 });
  };

/** Never finishes: runs until its signal aborts, reporting progress every `everyMs` if given. */
export const hangs =
  (everyMs?: number): TranscodeStep =>
  async ({ signal, onProgress }) => {
    let percent = 0;
    while (!signal.aborted) {
      if (everyMs !== undefined) onProgress({ percent: ++percent % 100, outTimeSec: percent });
      await sleep(everyMs ?? 10_000, undefined, { signal }).catch(() => undefined);
    }
    throw signal.reason;
  };

/**
 * ffprobe and ffmpeg as the job handler sees them: the probe answers `source` (or fails), a
 * transcode runs `step` and writes small output files where ffmpeg would.
 */
export class FakeMedia implements MediaToolkit {
  source: MediaInfo = A_SOURCE;
  probeError: Error | undefined;
  /** Resolves the probe only when set to a promise that settles. */
  probeWaitsFor: Promise<unknown> | undefined;
  step: TranscodeStep = reportsProgress(50, 100);
  posterError: Error | undefined;
  readonly calls: string[] = [];

  async probe(_input: string, signal: AbortSignal): Promise<MediaInfo> {
    this.calls.push('probe');
    if (this.probeWaitsFor) await untilAborted(this.probeWaitsFor, signal);
    if (this.probeError) throw this.probeError;
    return this.source;
  }

  async transcodeMp4(args: Parameters<MediaToolkit['transcodeMp4']>[0]) {
    this.calls.push(`mp4 ${args.quality}`);
    await this.step({ signal: args.signal, onProgress: (p) => args.onProgress?.(p) });
    await writeBytes(args.output, 2048);
    return { stderrTail: '' };
  }

  async transcodeHls(args: Parameters<MediaToolkit['transcodeHls']>[0]) {
    this.calls.push('hls');
    await this.step({ signal: args.signal, onProgress: (p) => args.onProgress?.(p) });
    await writeBytes(join(args.outputDir, '360p', 'seg_0.ts'), 1000);
    await writeBytes(join(args.outputDir, '360p', 'playlist.m3u8'), 100);
    await writeBytes(join(args.outputDir, 'master.m3u8'), 50);
    return { rungs: ['360p'] };
  }

  async poster(args: Parameters<MediaToolkit['poster']>[0]) {
    this.calls.push('poster');
    if (this.posterError) throw this.posterError;
    await writeBytes(args.output, 300);
  }
}

/** Sources that are always there; `openError` makes the next opens fail. */
export class FakeSources implements SourceAccess {
  openError: Error | undefined;
  readonly opened: string[] = [];

  async open(key: string) {
    if (this.openError) throw this.openError;
    this.opened.push(key);
    return { sizeBytes: 1000, url: async () => `http://127.0.0.1:1/${key}` };
  }
}

async function writeBytes(path: string, size: number): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, Buffer.alloc(size));
}

function untilAborted(promise: Promise<unknown>, signal: AbortSignal): Promise<unknown> {
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    promise.then(resolve, reject);
  });
}
