import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '@videoforge/adapters';
import { NotFoundError } from '@videoforge/core';
import { ffprobeJson, makeTestClip, requireBinary } from '@videoforge/testkit';
import { createPresignedSources, type SourceAccess } from '@videoforge/transcoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SOURCE_GUARD,
  FfmpegFailedError,
  MediaUnreadableError,
  probeMedia,
  runFfmpeg,
} from '@videoforge/ffmpeg';
import { buildMp4OutputOptions } from '@videoforge/transcoder/renditions';
import type { LocalStack } from '../../src/index.ts';
import { clientsFor, makeTempDir, removeDir, startTestStack } from './helpers.ts';

const run = promisify(execFile);
const CLIP_KEY = 'raw/user-1/moov-at-end.mp4';
const NOT_A_VIDEO_KEY = 'raw/user-1/notes.mp4';

let dir: string;
let stack: LocalStack;
let sources: SourceAccess;
let bytes: Buffer;

beforeAll(async () => {
  dir = await makeTempDir();
  stack = await startTestStack(dir, { memcached: false });
  const faststart = join(dir, 'faststart.mp4');
  await makeTestClip({ path: faststart, width: 640, height: 360, durationSec: 2 });
  // Phones write the index (moov) after the media: reading it takes a seek to the end and back.
  const moovAtEnd = join(dir, 'moov-at-end.mp4');
  await run(requireBinary('ffmpeg'), ['-v', 'error', '-i', faststart, '-c', 'copy', moovAtEnd]);
  bytes = await readFile(moovAtEnd);
  const { s3 } = clientsFor(stack.env);
  const bucket = stack.env.S3_BUCKET ?? '';
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: CLIP_KEY, Body: bytes }));
  const text = Buffer.from('not a video\n'.repeat(1000));
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: NOT_A_VIDEO_KEY, Body: text }));
  sources = createPresignedSources(new S3ObjectStore(s3, bucket));
}, 60_000);

afterAll(async () => {
  await stack?.stop();
  await removeDir(dir);
});

// The local S3 speaks plain http; the worker allows it only because its own endpoint does.
const guard = { ...DEFAULT_SOURCE_GUARD, allowPlainHttp: true };

describe('sources ffmpeg reads straight from S3', () => {
  it('let ffprobe and ffmpeg read a moov-at-end MP4 with range requests', async () => {
    const source = await sources.open(CLIP_KEY);
    expect(source.sizeBytes).toBe(bytes.length);
    const url = await source.url();

    const info = await probeMedia(url, { guard });
    expect([info.width, info.height, info.hasAudio]).toEqual([640, 360, true]);
    const output = join(dir, 'through-url.mp4');
    await runFfmpeg({
      input: url,
      output,
      outputOptions: buildMp4OutputOptions('360p', { preset: 'ultrafast' }),
      guard,
    });
    const out = await ffprobeJson(output);
    expect(out.streams.find((s) => s.codec_type === 'video')?.height).toBe(360);
    expect(Number(out.format.duration)).toBeCloseTo(2, 0);
  });

  it('never put the signature in a failure reason', async () => {
    const url = await (await sources.open(NOT_A_VIDEO_KEY)).url();
    expect(url).toContain('X-Amz-Signature');

    const probeError = await probeMedia(url, { guard }).catch((e: unknown) => e);
    expect(probeError).toBeInstanceOf(MediaUnreadableError);
    const ffmpegError = await runFfmpeg({
      input: url,
      output: join(dir, 'never.mp4'),
      outputOptions: buildMp4OutputOptions('360p'),
      guard,
    }).catch((e: unknown) => e);
    expect(ffmpegError).toBeInstanceOf(FfmpegFailedError);

    const said = [probeError, ffmpegError].map((e) => {
      const error = e as Error & { stderrTail?: string };
      return `${error.message}\n${error.stderrTail ?? ''}\n${String(error.cause ?? '')}`;
    });
    expect(said.join('\n')).toMatch(/Invalid data found|moov atom not found/);
    expect(said.join('\n')).not.toMatch(/X-Amz-Signature|X-Amz-Credential/);
  });

  it('refuse to open a source that is not in the bucket', async () => {
    await expect(sources.open('raw/user-1/missing.mp4')).rejects.toBeInstanceOf(NotFoundError);
  });
});
