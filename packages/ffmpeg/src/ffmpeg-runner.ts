/**
 * The one place that starts ffmpeg and ffprobe processes, and the only importer of
 * fluent-ffmpeg. Everything else builds plain argument arrays and calls in here.
 */
import { execFile, type ExecFileException } from 'node:child_process';
import ffmpeg, { type FfmpegCommand } from 'fluent-ffmpeg';
import {
  FfmpegAbortedError,
  FfmpegFailedError,
  MediaUnreadableError,
  ProbeTimedOutError,
} from './errors.ts';
import { buildSourceInputOptions, DEFAULT_SOURCE_GUARD, type SourceGuard } from './input-args.ts';
import { findRefusal } from './refusals.ts';
import { createProgressReporter, parseProgressLine, type FfmpegProgress } from './progress.ts';
import {
  createStderrTail,
  pickTellingLine,
  redactSignedUrls,
  type StderrTail,
} from './stderr-tail.ts';

/** The subset of `ffprobe -print_format json -show_streams -show_format` we read. */
export interface RawStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  /** A fraction, e.g. "30000/1001"; "0/0" when unknown. */
  avg_frame_rate?: string;
  r_frame_rate?: string;
  channels?: number;
  duration?: string;
  disposition?: { attached_pic?: number };
  tags?: { rotate?: string };
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}

export interface RawProbe {
  streams?: RawStream[];
  format?: { duration?: string; format_name?: string };
}

export interface FfprobeOptions {
  /** Default: `ffprobe` from PATH. */
  ffprobePath?: string;
  signal?: AbortSignal;
  /** Default: DEFAULT_SOURCE_GUARD. */
  guard?: SourceGuard;
  /** ffprobe is killed when it has not answered by then. Default: 60 s. */
  timeoutSeconds?: number;
}

const PROBE_MAX_BUFFER = 8 * 1024 * 1024;
const DEFAULT_PROBE_TIMEOUT_SECONDS = 60;

/**
 * Runs ffprobe directly rather than through fluent-ffmpeg's ffprobe(): that one parses
 * the INI output (flattening side data such as rotation), cannot be aborted, and sets
 * the binary path process-wide.
 */
export function ffprobeRaw(path: string, opts: FfprobeOptions = {}): Promise<RawProbe> {
  // prettier-ignore
  const args = [
    '-v', 'error', '-print_format', 'json', '-show_streams', '-show_format',
    ...buildSourceInputOptions(path, opts.guard ?? DEFAULT_SOURCE_GUARD),
    path,
  ];
  const ffprobePath = opts.ffprobePath ?? 'ffprobe';
  const timeoutSeconds = opts.timeoutSeconds ?? DEFAULT_PROBE_TIMEOUT_SECONDS;
  const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
  const execOptions = {
    signal: opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout,
    killSignal: 'SIGKILL' as const,
    maxBuffer: PROBE_MAX_BUFFER,
  };
  return new Promise((resolve, reject) => {
    const child = execFile(ffprobePath, args, execOptions, (error, stdout, stderr) => {
      const answer = () => {
        if (error === null) return settle(resolve, reject, () => parseProbeJson(stdout));
        if (timeout.aborted && opts.signal?.aborted !== true)
          return reject(new ProbeTimedOutError(timeoutSeconds));
        reject(probeFailure(error, redactSignedUrls(stderr)));
      };
      // On an abort the callback comes before the killed process is reaped: wait for it, so
      // that nothing of the attempt is left, not even a zombie.
      if (child.exitCode === null && child.signalCode === null) child.once('exit', answer);
      else answer();
    });
  });
}

function settle<T>(resolve: (value: T) => void, reject: (e: unknown) => void, get: () => T): void {
  try {
    resolve(get());
  } catch (error) {
    reject(error);
  }
}

function probeFailure(error: ExecFileException, stderr: string): Error {
  if (error.name === 'AbortError') return new FfmpegAbortedError('ffprobe', stderr);
  if (typeof error.code === 'number') {
    const lines = stderr.split('\n').filter((line) => line.trim() !== '');
    const reason = lines[0]?.trim() ?? `ffprobe exited with code ${error.code}`;
    return new MediaUnreadableError(reason, { refusal: findRefusal(lines), stderrTail: stderr });
  }
  // Spawn failures (ENOENT, EACCES) and outside kills say nothing about the media.
  return new Error(`ffprobe could not run: ${redactSignedUrls(error.message)}`);
}

function parseProbeJson(stdout: string): RawProbe {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (error) {
    throw new MediaUnreadableError('ffprobe printed no JSON', {
      cause: error,
      refusal: { kind: 'damaged' },
    });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MediaUnreadableError('ffprobe printed no JSON object', {
      refusal: { kind: 'damaged' },
    });
  }
  return parsed;
}

export interface RunFfmpegOptions {
  input: string;
  output: string;
  /** Output options in argv form, e.g. from buildMp4OutputOptions(). */
  outputOptions: readonly string[];
  /** Options placed before `-i` (e.g. a fast `-ss` seek). */
  inputOptions?: readonly string[];
  /** Default: DEFAULT_SOURCE_GUARD. */
  guard?: SourceGuard;
  /** Default: `ffmpeg` from PATH. fluent-ffmpeg keeps this process-wide, so use one path per process. */
  ffmpegPath?: string;
  /**
   * Source duration, for `percent`; without it percent stays undefined until the final 100. A
   * function is asked at each report, for a duration that ffprobe finds while ffmpeg runs.
   */
  durationSec?: number | (() => number | undefined);
  /** Aborting kills ffmpeg with SIGKILL; the promise rejects once the process is gone. */
  signal?: AbortSignal;
  /** At most ~4 calls a second, plus a final call at 100 % on success. */
  onProgress?: (progress: FfmpegProgress) => void;
}

export interface RunFfmpegResult {
  /** Last stderr lines, progress lines excluded. */
  stderrTail: string;
  wallSec: number;
}

/**
 * Before a process's first command, fluent-ffmpeg asks ffmpeg for its formats and its encoders
 * (two more processes, 0.2-0.8 s) and keeps the answers. Asking at start-up takes that off the first
 * job of every new worker, and a missing or broken ffmpeg fails the start rather than a job.
 */
export async function loadFfmpegCapabilities(ffmpegPath?: string): Promise<void> {
  const ask = (question: 'availableFormats' | 'availableEncoders') =>
    new Promise<void>((resolve, reject) => {
      const command = ffmpeg();
      if (ffmpegPath !== undefined) command.setFfmpegPath(ffmpegPath);
      command[question]((error: Error | null) => (error ? reject(error) : resolve()));
    });
  await Promise.all([ask('availableFormats'), ask('availableEncoders')]);
}

const STDERR_TAIL_LINES = 30;
const STATS_PERIOD_SEC = 0.25;

export function runFfmpeg(opts: RunFfmpegOptions): Promise<RunFfmpegResult> {
  const { signal } = opts;
  if (signal?.aborted === true) return Promise.reject(new FfmpegAbortedError('ffmpeg'));

  const startedAt = performance.now();
  const tail = createStderrTail(STDERR_TAIL_LINES);
  const progress = opts.onProgress && createProgressReporter(opts.onProgress, opts.durationSec);
  let command: FfmpegCommand;
  try {
    command = buildCommand(opts);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
  let aborted = false;
  let started = false;

  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      aborted = true;
      command.kill('SIGKILL');
      // Not spawned yet (fluent-ffmpeg first runs `ffmpeg -formats`, which cannot be aborted):
      // settle now; the 'start' handler kills the process if it still comes.
      if (!started) reject(new FfmpegAbortedError('ffmpeg', tail.toString()));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const finish = (outcome: () => void): void => {
      signal?.removeEventListener('abort', onAbort);
      if (aborted) return reject(new FfmpegAbortedError('ffmpeg', tail.toString()));
      outcome();
    };

    command
      .on('start', () => {
        started = true;
        if (aborted) command.kill('SIGKILL');
      })
      .on('stderr', (line: string) => {
        const sample = parseProgressLine(line);
        if (sample !== undefined) progress?.sample(sample.outTimeSec, sample.speed);
        else if (line.trim() !== '') tail.push(redactSignedUrls(line));
      })
      .on('error', (error: Error) => finish(() => reject(toFailedError(error, tail))))
      .on('end', () =>
        finish(() => {
          progress?.finish();
          resolve({ stderrTail: tail.toString(), wallSec: (performance.now() - startedAt) / 1000 });
        }),
      )
      .run();
  });
}

function buildCommand(opts: RunFfmpegOptions): FfmpegCommand {
  // -nostdin: ffmpeg otherwise reads its stdin pipe for interactive keys.
  // -stats_period (ffmpeg >= 4.4): stats lines every 0.25 s instead of 0.5 s feed the progress throttle.
  const command = ffmpeg(opts.input)
    .inputOptions(
      '-hide_banner',
      '-nostdin',
      '-stats_period',
      String(STATS_PERIOD_SEC),
      ...buildSourceInputOptions(opts.input, opts.guard ?? DEFAULT_SOURCE_GUARD),
      ...(opts.inputOptions ?? []),
    )
    .output(opts.output);
  if (opts.ffmpegPath !== undefined) command.setFfmpegPath(opts.ffmpegPath);
  // Varargs form on purpose: the array form splits "-opt value" strings at spaces.
  if (opts.outputOptions.length > 0) command.outputOptions(...opts.outputOptions);
  return command;
}

/**
 * The original errors are never kept as causes: their messages hold the command line or stderr,
 * and with them the source's presigned URL.
 */
function toFailedError(error: Error, tail: StderrTail): FfmpegFailedError {
  // fluent-ffmpeg only reports the exit code inside its message.
  const code = /exited with code (\d+)/.exec(error.message)?.[1];
  const exitCode = code === undefined ? null : Number(code);
  const how = exitCode === null ? redactSignedUrls(error.message) : `exit code ${exitCode}`;
  const message = `ffmpeg failed (${how}): ${pickTellingLine(tail.lines())}`;
  return new FfmpegFailedError(message, exitCode, tail.toString(), {
    refusal: findRefusal(tail.lines()),
  });
}
