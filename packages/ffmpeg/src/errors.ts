/**
 * Errors of the ffmpeg layer. `refusal` says when the media itself is the cause, so another
 * attempt on the same input cannot help; the layer itself never decides about retries.
 */
import type { MediaRefusal } from './refusals.ts';

/** ffprobe could not read the source, or it has no usable video stream. */
export class MediaUnreadableError extends Error {
  /** Set when ffprobe's words say the media is the cause (not the network or the machine). */
  readonly refusal?: MediaRefusal;
  /** ffprobe's stderr (signed URLs redacted), for operators. */
  readonly stderrTail: string;

  constructor(
    reason: string,
    options: { refusal?: MediaRefusal; stderrTail?: string; cause?: unknown } = {},
  ) {
    super(`ffprobe cannot read the source: ${reason}`, { cause: options.cause });
    this.name = new.target.name;
    this.refusal = options.refusal;
    this.stderrTail = options.stderrTail ?? '';
  }
}

/** ffmpeg ran and failed. `exitCode` is null when something outside us killed it. */
export class FfmpegFailedError extends Error {
  readonly exitCode: number | null;
  readonly stderrTail: string;
  readonly refusal?: MediaRefusal;

  constructor(
    message: string,
    exitCode: number | null,
    stderrTail: string,
    options?: { cause?: unknown; refusal?: MediaRefusal },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
    this.refusal = options?.refusal;
  }
}

/** The caller aborted the run; the ffmpeg/ffprobe process has already exited. */
export class FfmpegAbortedError extends Error {
  readonly stderrTail: string;

  constructor(what: 'ffmpeg' | 'ffprobe', stderrTail = '') {
    super(`${what} was aborted`);
    this.name = new.target.name;
    this.stderrTail = stderrTail;
  }
}

/** ffprobe did not answer within its time limit; the process has been killed. */
export class ProbeTimedOutError extends Error {
  readonly timeoutSeconds: number;

  constructor(timeoutSeconds: number) {
    super(`ffprobe gave no answer within ${timeoutSeconds} s`);
    this.name = new.target.name;
    this.timeoutSeconds = timeoutSeconds;
  }
}
