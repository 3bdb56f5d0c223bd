import { NotFoundError, type Failure } from '@videoforge/core';
import {
  FfmpegFailedError,
  MediaUnreadableError,
  ProbeTimedOutError,
  redactSignedUrls,
  type MediaRefusal,
} from '@videoforge/ffmpeg';
import { DeadlineExceededError } from './deadline.ts';
import { frameSizeProblem, LimitExceededError } from './limits.ts';
import { StalledError } from './stall-watchdog.ts';

/**
 * How a failed attempt is recorded: what users see and what operators see. Every failure is
 * retried up to the receive limit (SPEC), so the DLQ keeps each one for an operator to judge.
 */
export interface JobFailure {
  failure: Failure;
  /** The error and the tool's last stderr lines, signed URLs redacted: logs and admin views only. */
  diagnostic: string;
  /** Set when no worker can ever run this job (a bucket it cannot read): no point retrying. */
  final?: boolean;
}

export const ACCEPTED_FORMATS_SENTENCE =
  'MP4, MOV, M4V, 3GP, MKV, WebM, AVI, MPEG-TS, FLV, MPEG-PS, WMV or OGV';

/**
 * Maps whatever ended an attempt to a stable code and a sentence written for users. Nothing of
 * the error's own message reaches them: ffmpeg's words can name hosts, ports and paths.
 */
export function classifyFailure(error: unknown, maxFramePixels: number): JobFailure {
  const diagnostic = describe(error);
  const refusal = (error as { refusal?: MediaRefusal } | undefined)?.refusal;
  if (refusal) return { failure: fromRefusal(refusal, maxFramePixels), diagnostic };
  if (error instanceof LimitExceededError) return { failure: limit(error.message), diagnostic };
  return { failure: fromError(error), diagnostic };
}

function fromRefusal(refusal: MediaRefusal, maxFramePixels: number): Failure {
  switch (refusal.kind) {
    case 'format':
    case 'protocol':
      return {
        code: 'UNSUPPORTED_FORMAT',
        message: `the file is not a video in a format we accept (${ACCEPTED_FORMATS_SENTENCE})`,
      };
    case 'no-video':
      return { code: 'UNSUPPORTED_FORMAT', message: 'the file has no video stream' };
    case 'damaged':
      return {
        code: 'SOURCE_UNREADABLE',
        message: 'the file is damaged or incomplete and could not be read',
      };
    case 'frame-size':
      return limit(frameSizeProblem(refusal.width, refusal.height, maxFramePixels));
  }
}

function limit(message: string): Failure {
  return { code: 'LIMIT_EXCEEDED', message };
}

function fromError(error: unknown): Failure {
  if (error instanceof StalledError)
    return {
      code: 'STALLED',
      message: `the transcode made no progress for ${error.stallSeconds} s`,
    };
  if (error instanceof DeadlineExceededError)
    return {
      code: 'TIMED_OUT',
      message: `the transcode took longer than its ${error.deadlineSeconds} s limit`,
    };
  if (error instanceof ProbeTimedOutError)
    return {
      code: 'TIMED_OUT',
      message: `reading the file took longer than ${error.timeoutSeconds} s`,
    };
  if (error instanceof NotFoundError)
    return { code: 'SOURCE_UNREADABLE', message: 'the uploaded file could not be found' };
  if (error instanceof MediaUnreadableError)
    return { code: 'SOURCE_UNREADABLE', message: 'the file could not be read' };
  if (error instanceof FfmpegFailedError)
    return { code: 'SOURCE_UNREADABLE', message: 'the file could not be transcoded' };
  return { code: 'INTERNAL', message: 'the transcode failed on our side' };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return redactSignedUrls(String(error));
  const tail = (error as { stderrTail?: string }).stderrTail;
  const text = tail ? `${error.message}\n${tail.split('\n').slice(-10).join('\n')}` : error.message;
  return redactSignedUrls(text);
}
