import { describe, expect, it } from 'vitest';
import { NotFoundError } from '@videoforge/core';
import { FfmpegFailedError, MediaUnreadableError, ProbeTimedOutError } from '@videoforge/ffmpeg';
import { DeadlineExceededError } from '../../src/worker/deadline.ts';
import { classifyFailure } from '../../src/worker/failures.ts';
import {
  findLimitExceeded,
  LimitExceededError,
  type MediaLimits,
} from '../../src/worker/limits.ts';
import type { MediaInfo } from '../../src/worker/media.ts';
import { StalledError } from '../../src/worker/stall-watchdog.ts';

const MAX_PIXELS = 8192 * 4320;
const signedUrl = 'http://127.0.0.1:4566/bucket/raw/u/v.mp4?X-Amz-Signature=abc';

const limits: MediaLimits = {
  maxFramePixels: MAX_PIXELS,
  maxDurationSeconds: 3600,
  maxFrameRate: 120,
  maxStreams: 8,
  maxAudioChannels: 8,
};

const fine: MediaInfo = {
  durationSec: 60,
  width: 1920,
  height: 1080,
  hasAudio: true,
  videoCodec: 'h264',
  formatName: 'mov',
  frameRate: 30,
  streamCount: 2,
  audioChannels: 2,
};

describe('findLimitExceeded', () => {
  it('lets a source within every limit through', () => {
    expect(findLimitExceeded(fine, limits)).toBeUndefined();
    expect(findLimitExceeded({ ...fine, width: 8192, height: 4320 }, limits)).toBeUndefined();
  });

  it.each<[string, Partial<MediaInfo>, string]>([
    ['frame size', { width: 8192, height: 8192 }, 'frame 8192x8192 is over the 35.4 MP limit'],
    ['duration', { durationSec: 5400 }, 'duration 1h30m00s is over the 1h00m00s limit'],
    ['frame rate', { frameRate: 239.76 }, 'frame rate 239.76 fps is over the 120 fps limit'],
    ['stream count', { streamCount: 9 }, '9 streams are over the 8 stream limit'],
    ['audio channels', { audioChannels: 24 }, '24 audio channels are over the 8 channel limit'],
  ])('refuses a source over the %s limit, naming the limit', (_, over, message) => {
    const error = findLimitExceeded({ ...fine, ...over }, limits);
    expect(error).toBeInstanceOf(LimitExceededError);
    expect(error?.message).toBe(message);
  });
});

describe('classifyFailure', () => {
  const classify = (error: unknown) => classifyFailure(error, MAX_PIXELS);

  it('gives a playlist or manifest refused by the allow-list a generic code', () => {
    const error = new MediaUnreadableError(`[hls @ 0x1] Format not on whitelist`, {
      refusal: { kind: 'format' },
      stderrTail: `${signedUrl}: Invalid argument`,
    });
    const result = classify(error);
    expect(result.failure.code).toBe('UNSUPPORTED_FORMAT');
    expect(result.failure.message).not.toMatch(/hls|whitelist|127\.0\.0\.1|4566|http/);
    expect(result.diagnostic).toMatch(/Format not on whitelist/);
    expect(result.diagnostic).not.toMatch(/X-Amz-Signature=abc/);
  });

  it('reports a frame refused by the decoder against the frame-size limit', () => {
    const error = new FfmpegFailedError('ffmpeg failed (exit code 1)', 1, 'Picture size...', {
      refusal: { kind: 'frame-size', width: 16000, height: 16000 },
    });
    expect(classify(error)).toMatchObject({
      failure: { code: 'LIMIT_EXCEEDED', message: 'frame 16000x16000 is over the 35.4 MP limit' },
    });
  });

  it('passes a limit error on as it is', () => {
    const result = classify(new LimitExceededError('9 streams are over the 8 stream limit'));
    expect(result.failure).toEqual({
      code: 'LIMIT_EXCEEDED',
      message: '9 streams are over the 8 stream limit',
    });
  });

  it.each<[string, unknown, string]>([
    ['a stall', new StalledError(120), 'STALLED'],
    ['a missed deadline', new DeadlineExceededError(900), 'TIMED_OUT'],
    ['a probe that never answered', new ProbeTimedOutError(60), 'TIMED_OUT'],
    ['a missing source', new NotFoundError('source raw/u/v.mp4 is missing'), 'SOURCE_UNREADABLE'],
    [
      'a network error while probing',
      new MediaUnreadableError('Server returned 503'),
      'SOURCE_UNREADABLE',
    ],
    [
      'an ffmpeg crash',
      new FfmpegFailedError('ffmpeg failed (killed)', null, ''),
      'SOURCE_UNREADABLE',
    ],
    ['anything else', new Error(`connect ECONNREFUSED 10.0.0.7:8080 for ${signedUrl}`), 'INTERNAL'],
  ])('tells users of %s only a code and a sentence', (_, error, code) => {
    const result = classify(error);
    expect(result.final).toBeUndefined();
    expect(result.failure.code).toBe(code);
    expect(result.failure.message).not.toMatch(/\d+\.\d+\.\d+\.\d+|:\d{2,5}\b|https?:|raw\//);
  });
});
