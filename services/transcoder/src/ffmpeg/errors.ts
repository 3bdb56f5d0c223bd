/**
 * Errors of the ffmpeg layer. `permanent` tells the worker whether another attempt on the
 * same input could succeed; the layer itself never decides about retries.
 */

/** ffprobe could not read the source, or it has no video stream. Retrying cannot help. */
export class MediaUnreadableError extends Error {
  readonly permanent = true;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(`ffprobe cannot read the source: ${reason}`, options);
    this.name = new.target.name;
  }
}

/** ffmpeg ran and failed. `exitCode` is null when something outside us killed it. */
export class FfmpegFailedError extends Error {
  readonly exitCode: number | null;
  readonly stderrTail: string;

  constructor(
    message: string,
    exitCode: number | null,
    stderrTail: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.stderrTail = stderrTail;
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
