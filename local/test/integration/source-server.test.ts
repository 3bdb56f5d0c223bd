import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { S3ObjectStore } from '@videoforge/adapters';
import { NotFoundError } from '@videoforge/core';
import { ffprobeJson, makeTestClip, requireBinary } from '@videoforge/testkit';
import { startSourceServer, type SourceServer } from '@videoforge/transcoder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../src/index.ts';
import { clientsFor, makeTempDir, removeDir, startTestStack, testLogger } from './helpers.ts';

const run = promisify(execFile);
const KEY = 'raw/user-1/video-1.mp4';
const LARGE_KEY = 'raw/user-1/large.bin';
/** Far more than socket buffers hold, so closing catches the transfer mid-way. */
const LARGE_BYTES = 32 * 1024 * 1024;

let dir: string;
let stack: LocalStack;
let server: SourceServer;
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
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: KEY, Body: bytes }));
  const large = Buffer.alloc(LARGE_BYTES, 7);
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: LARGE_KEY, Body: large }));
  server = await startSourceServer(new S3ObjectStore(s3, bucket), testLogger());
}, 60_000);

afterAll(async () => {
  await server?.close();
  await stack?.stop();
  await removeDir(dir);
});

describe('the loopback source server ffmpeg reads from', () => {
  it('serves the whole object and single byte ranges as S3 holds them', async () => {
    const source = await server.open(KEY);
    try {
      expect(source.sizeBytes).toBe(bytes.length);
      const whole = await fetch(source.url);
      expect(whole.status).toBe(200);
      expect(whole.headers.get('accept-ranges')).toBe('bytes');
      expect(Buffer.from(await whole.arrayBuffer()).equals(bytes)).toBe(true);

      const middle = await fetch(source.url, { headers: { range: 'bytes=100-199' } });
      expect(middle.status).toBe(206);
      expect(middle.headers.get('content-range')).toBe(`bytes 100-199/${bytes.length}`);
      expect(Buffer.from(await middle.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);

      const tail = await fetch(source.url, { headers: { range: 'bytes=-16' } });
      expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(-16))).toBe(true);

      const beyond = await fetch(source.url, { headers: { range: `bytes=${bytes.length}-` } });
      expect(beyond.status).toBe(416);
      expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
    } finally {
      source.close();
    }
  });

  it('lets ffprobe and ffmpeg read a moov-at-end MP4 through it', async () => {
    const source = await server.open(KEY);
    try {
      const probe = await ffprobeJson(source.url);
      expect(probe.streams.find((s) => s.codec_type === 'video')?.height).toBe(360);

      const output = join(dir, 'through-url.mp4');
      await run(requireBinary('ffmpeg'), [
        ...['-v', 'error', '-y', '-i', source.url, '-vf', 'scale=-2:240'],
        ...['-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', output],
      ]);
      const out = await ffprobeJson(output);
      expect(out.streams.find((s) => s.codec_type === 'video')?.height).toBe(240);
      expect(Number(out.format.duration)).toBeCloseTo(2, 0);
    } finally {
      source.close();
    }
  });

  it('answers 404 for unknown or closed sources and cuts open streams on close', async () => {
    const source = await server.open(LARGE_KEY);
    const unknown = source.url.replace(/[0-9a-f]{32}$/, '0'.repeat(32));
    expect((await fetch(unknown)).status).toBe(404);

    const streaming = await fetch(source.url);
    const reader = streaming.body?.getReader();
    expect((await reader?.read())?.done).toBe(false);
    source.close();
    await expect(drain(reader)).rejects.toThrow();
    expect((await fetch(source.url)).status).toBe(404);
  });

  it('refuses to open a source that is not in the bucket', async () => {
    await expect(server.open('raw/user-1/missing.mp4')).rejects.toBeInstanceOf(NotFoundError);
  });
});

async function drain(reader: ReadableStreamDefaultReader<Uint8Array> | undefined): Promise<void> {
  for (;;) {
    const chunk = await reader?.read();
    if (!chunk || chunk.done) return;
  }
}
