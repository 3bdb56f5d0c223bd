import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import {
  hlsMasterKey,
  hlsPrefix,
  renditionKey,
  type JobMessage,
  type JobTargetKind,
  type JobTargetSpec,
  type ObjectStore,
  type RenditionOutput,
} from '@videoforge/core';
import type { MediaInfo, MediaToolkit, TranscodeProgress } from './media.ts';
import { runWhileChecking } from './while-checking.ts';

export interface ProduceArgs<Target extends JobTargetSpec = JobTargetSpec> {
  job: JobMessage;
  target: Target;
  /** Where ffmpeg reads the source (a loopback URL in production). */
  input: string;
  /** Settles when ffprobe has read the source and the target fits it; ffmpeg may start before. */
  source: Promise<MediaInfo>;
  workDir: string;
  /** For ffmpeg: also aborts when it stalls. */
  signal: AbortSignal;
  /** For uploads after ffmpeg, which the stall watchdog does not cover. */
  uploadSignal: AbortSignal;
  onProgress: (progress: TranscodeProgress) => void;
  /** Each uploaded output file: a ladder's upload shows life file by file. */
  onUploaded?: () => void;
  media: MediaToolkit;
  objects: ObjectStore;
}

type Producer<Target extends JobTargetSpec> = (
  args: ProduceArgs<Target>,
) => Promise<RenditionOutput>;
type Producers = { [Kind in JobTargetKind]: Producer<Extract<JobTargetSpec, { kind: Kind }>> };

/** One producer per kind of target; a new kind is a new entry here, nothing else changes. */
const producers: Producers = {
  async mp4(args) {
    const { job, target, input, source, workDir, signal, uploadSignal, onProgress } = args;
    const { media, objects } = args;
    const quality = target.name;
    const output = join(workDir, `${quality}.mp4`);
    let durationSec: number | undefined;
    const known = source.then((info) => {
      durationSec = info.durationSec;
    });
    // An MP4's options hold for any source, so ffmpeg and ffprobe start together.
    await runWhileChecking(known, signal, (transcodeSignal) =>
      media.transcodeMp4({
        input,
        output,
        quality,
        durationSec: () => durationSec,
        signal: transcodeSignal,
        onProgress,
      }),
    );
    const key = renditionKey(quality, job.userId, job.videoId);
    const uploaded = await objects.uploadFile(key, output, 'video/mp4', uploadSignal);
    return { key, sizeBytes: uploaded.sizeBytes };
  },

  async hls(args) {
    const { job, input, source, workDir, signal, uploadSignal, onProgress, media, objects } = args;
    const onUploaded = args.onUploaded ?? (() => undefined);
    const outputDir = join(workDir, 'hls');
    // The ladder's rungs and audio mapping depend on the source: wait for ffprobe (or a stop).
    const info = await untilAborted(source, signal);
    await media.transcodeHls({ input, outputDir, source: info, signal, onProgress });
    const prefix = hlsPrefix(job.userId, job.videoId);
    const files = await listFiles(outputDir);
    let sizeBytes = 0;
    // Segments first, playlists last: a playlist never names a segment that is not there yet.
    for (const file of [...files].sort(playlistsLast)) {
      const key = prefix + relative(outputDir, file).split('\\').join('/');
      sizeBytes += (await objects.uploadFile(key, file, contentTypeOf(file), uploadSignal))
        .sizeBytes;
      onUploaded();
    }
    return { key: hlsMasterKey(job.userId, job.videoId), sizeBytes };
  },
};

/** Settles with `promise`, or rejects with the signal's reason as soon as it aborts. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  signal.throwIfAborted();
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.finally(() => signal.removeEventListener('abort', onAbort)).then(resolve, reject);
  });
}

/** Makes the job's output with the producer of its target's kind. */
export function produce(args: ProduceArgs): Promise<RenditionOutput> {
  // The lookup loses the link between the kind and its target's type; the key restores it.
  const producer = producers[args.target.kind] as Producer<typeof args.target>;
  return producer(args);
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

function playlistsLast(a: string, b: string): number {
  return Number(a.endsWith('.m3u8')) - Number(b.endsWith('.m3u8'));
}

function contentTypeOf(file: string): string {
  if (file.endsWith('.m3u8')) return 'application/vnd.apple.mpegurl';
  if (file.endsWith('.ts')) return 'video/mp2t';
  return 'application/octet-stream';
}
