import { open, stat } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  crc32OfRange,
  partsToSend,
  putPart,
  signParts,
  uploadFile,
  uploadMultipart,
  type MultipartPlan,
  type NewVideo,
} from '@videoforge/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clientsFor } from './helpers.ts';
import { clip, newUser, tempDir, waitForVideo, type ErrorJson, type VideoJson } from './support.ts';

const MiB = 1024 * 1024;

interface Plan {
  method: 'MULTIPART';
  partSize: number;
  parts: { partNumber: number; sizeBytes: number; url: string }[];
  uploadedParts: { partNumber: number }[];
  complete: { path: string };
}

async function readPart(
  path: string,
  partNumber: number,
  partSize: number,
  sizeBytes: number,
): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(sizeBytes);
    await file.read(buffer, 0, sizeBytes, (partNumber - 1) * partSize);
    return buffer;
  } finally {
    await file.close();
  }
}

describe('resumable multipart upload', () => {
  let pipeline: Pipeline;
  let dir: Awaited<ReturnType<typeof tempDir>>;

  beforeAll(async () => {
    dir = await tempDir();
    pipeline = await startPipeline({
      apiEnv: { MULTIPART_THRESHOLD_BYTES: String(6 * MiB), MULTIPART_PART_BYTES: String(5 * MiB) },
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
    await dir?.remove();
  });

  it('resumes after a failed part and ends in a transcoded video', async () => {
    const user = await newUser(pipeline);
    const source = await clip(dir.path, 'large.mp4', { width: 1920, height: 1080, durationSec: 8 });
    const { size } = await stat(source);
    expect(size).toBeGreaterThan(10 * MiB);
    const created = await user.expect<{ video: VideoJson; upload: Plan }>(
      201,
      'POST',
      '/api/videos',
      {
        title: 'large',
        filename: 'large.mp4',
        contentType: 'video/mp4',
        sizeBytes: size,
        renditions: ['360p'],
      },
    );
    const plan = created.upload;
    expect(plan.method).toBe('MULTIPART');
    expect(plan.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);

    const [first, second] = plan.parts as [Plan['parts'][0], Plan['parts'][0]];
    const put = async (part: Plan['parts'][0], signal?: AbortSignal) =>
      fetch(part.url, {
        method: 'PUT',
        body: await readPart(source, part.partNumber, plan.partSize, part.sizeBytes),
        signal,
      });
    expect((await put(first)).status).toBe(200);
    // Part 2 dies on the way (the connection drops): the client only knows it did not finish.
    const dropped = new AbortController();
    const attempt = put(second, dropped.signal);
    dropped.abort();
    await expect(attempt).rejects.toThrow();

    const early = await user.request('POST', plan.complete.path);
    expect(early.status).toBe(409);

    const resumed = await user.expect<Plan>(
      200,
      'GET',
      `/api/videos/${created.video.videoId}/upload`,
    );
    expect(resumed.uploadedParts.map((p) => p.partNumber)).toEqual([1]);
    expect(resumed.parts.map((p) => p.partNumber)).toEqual([2, 3]);
    for (const part of resumed.parts) expect((await put(part)).status).toBe(200);

    expect((await user.request('POST', resumed.complete.path)).status).toBe(202);
    const ready = await waitForVideo(
      user,
      created.video.videoId,
      (v) => v.status === 'READY' || v.status === 'FAILED',
    );
    expect(ready.renditions['360p']?.status).toBe('READY');
    expect((ready as unknown as { sizeBytes: number }).sizeBytes).toBe(size);
  });

  it('aborts an upload and leaves nothing behind', async () => {
    const user = await newUser(pipeline);
    const created = await user.expect<{ video: VideoJson; upload: Plan }>(
      201,
      'POST',
      '/api/videos',
      {
        title: 'abandoned',
        filename: 'big.mov',
        contentType: 'video/quicktime',
        sizeBytes: 20 * MiB,
      },
    );
    expect(created.upload.parts).toHaveLength(4);
    expect(
      (await user.request('DELETE', `/api/videos/${created.video.videoId}/upload`)).status,
    ).toBe(204);
    expect((await user.request('GET', `/api/videos/${created.video.videoId}`)).status).toBe(404);
  });

  describe('with per-part CRC32 checksums', () => {
    let source: string;
    let size: number;
    let fileCrc: string;

    beforeAll(async () => {
      source = await clip(dir.path, 'large-crc.mp4', { width: 1920, height: 1080, durationSec: 8 });
      size = (await stat(source)).size;
      expect(size).toBeGreaterThan(10 * MiB);
      fileCrc = await crc32OfRange(source, 0, size);
    });

    const newVideo = (): NewVideo => ({
      title: 'checked',
      filename: 'large.mp4',
      contentType: 'video/mp4',
      sizeBytes: size,
      renditions: ['360p'],
    });
    type Created = { video: VideoJson & { sourceKey: string }; upload: MultipartPlan };
    const statusOf = (user: Awaited<ReturnType<typeof newUser>>, videoId: string) =>
      user.expect<MultipartPlan>(200, 'GET', `/api/videos/${videoId}/upload`);

    /** CRC32 of the object S3 ended up with, streamed back from the emulator. */
    async function storedCrc(sourceKey: string): Promise<string> {
      const { s3 } = clientsFor(pipeline.stack.env);
      try {
        const out = await s3.send(
          new GetObjectCommand({ Bucket: pipeline.stack.env.S3_BUCKET, Key: sourceKey }),
        );
        let value = 0;
        for await (const chunk of out.Body as AsyncIterable<Uint8Array>)
          value = crc32(chunk, value);
        const bytes = Buffer.alloc(4);
        bytes.writeUInt32BE(value);
        return bytes.toString('base64');
      } finally {
        s3.destroy();
      }
    }

    it('uploads through the testkit client by default and ends in a transcoded video', async () => {
      const user = await newUser(pipeline);
      const created = await user.createVideo<Created>(newVideo());
      expect(created.upload).toMatchObject({
        method: 'MULTIPART',
        checksumAlgorithm: 'CRC32',
        signParts: { method: 'POST', path: `/api/videos/${created.video.videoId}/upload/parts` },
      });
      // No unsigned part URL: S3 would refuse each of them (no checksum) on a CRC32 upload.
      expect(created.upload.parts.map((p) => [p.partNumber, p.url])).toEqual([
        [1, undefined],
        [2, undefined],
        [3, undefined],
      ]);

      expect(await uploadFile(created.upload, source, user)).toBe(size);
      const ready = await waitForVideo(
        user,
        created.video.videoId,
        (v) => v.status === 'READY' || v.status === 'FAILED',
      );
      expect(ready.status).toBe('READY');
      expect(ready.renditions['360p']?.status).toBe('READY');
      expect(await storedCrc(created.video.sourceKey)).toBe(fileCrc);
    });

    it('has S3 refuse a part whose bytes are not those it was signed for, then take the right ones', async () => {
      const user = await newUser(pipeline);
      const { video, upload: plan } = await user.createVideo<Created>(newVideo());
      const [first, second] = await partsToSend(plan, source, size);
      if (!first || !second) throw new Error('expected at least two parts');
      const signed = (await signParts(user, plan, [first])).get(1);
      if (!signed) throw new Error('part 1 was not signed');
      // The checksum is a signed header the client must send, not a query parameter S3 ignores.
      const url = new URL(signed.url);
      expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
        expect.arrayContaining(['x-amz-checksum-crc32', 'content-length']),
      );
      expect(url.searchParams.has('x-amz-checksum-crc32')).toBe(false);
      expect(signed.headers).toEqual({
        'x-amz-checksum-crc32': first.checksumCRC32,
        'content-length': String(first.sizeBytes),
      });

      // Part 2's bytes (same size) sent as part 1: corrupted on the way, as far as S3 can tell.
      const corrupt = await putPart(signed, source, { ...second, partNumber: 1 });
      expect(corrupt.status).toBe(400);
      expect(await corrupt.text()).toContain('<Code>BadDigest</Code>');
      expect((await statusOf(user, video.videoId)).uploadedParts).toEqual([]);

      expect((await putPart(signed, source, first)).status).toBe(200);
      const resumed = await statusOf(user, video.videoId);
      expect(resumed.uploadedParts).toEqual([
        { partNumber: 1, sizeBytes: first.sizeBytes, checksumCRC32: first.checksumCRC32 },
      ]);
      expect((await user.request('POST', resumed.complete.path)).status).toBe(409);
      expect((await partsToSend(resumed, source, size)).map((p) => p.partNumber)).toEqual([2, 3]);

      await uploadMultipart(user, resumed, source);
      await waitForVideo(user, video.videoId, (v) => v.status !== 'PENDING_UPLOAD', 20_000);
      expect(await storedCrc(video.sourceKey)).toBe(fileCrc);
    });

    it('resumes with the stored checksums, so a part stored from other bytes is sent again', async () => {
      const user = await newUser(pipeline);
      const { video, upload: plan } = await user.createVideo<Created>(newVideo());
      const [first, second] = await partsToSend(plan, source, size);
      if (!first || !second) throw new Error('expected at least two parts');
      // A part 1 that S3 checked and stored, but from bytes the file no longer has there.
      const stale = { ...second, partNumber: 1 };
      const signed = (await signParts(user, plan, [stale])).get(1);
      if (!signed) throw new Error('part 1 was not signed');
      expect((await putPart(signed, source, stale)).status).toBe(200);

      const resumed = await statusOf(user, video.videoId);
      expect(resumed.uploadedParts).toEqual([
        { partNumber: 1, sizeBytes: first.sizeBytes, checksumCRC32: second.checksumCRC32 },
      ]);
      // Sizes alone say part 1 is there; only its checksum tells the client it is not the file's.
      expect(resumed.parts.map((p) => p.partNumber)).toEqual([2, 3]);
      expect((await partsToSend(resumed, source, size)).map((p) => p.partNumber)).toEqual([
        1, 2, 3,
      ]);

      await uploadMultipart(user, resumed, source);
      await waitForVideo(user, video.videoId, (v) => v.status !== 'PENDING_UPLOAD', 20_000);
      expect(await storedCrc(video.sourceKey)).toBe(fileCrc);
    });

    it('has the local S3 check a PutObject against its CRC32 header too, as S3 does', async () => {
      const { s3 } = clientsFor(pipeline.stack.env);
      const put = (ChecksumCRC32: string) =>
        s3.send(
          new PutObjectCommand({
            Bucket: pipeline.stack.env.S3_BUCKET,
            Key: 'scratch/crc.txt',
            Body: 'checked bytes',
            ChecksumCRC32,
          }),
        );
      try {
        const right = Buffer.alloc(4);
        right.writeUInt32BE(crc32('checked bytes'));
        await expect(put(right.toString('base64'))).resolves.toMatchObject({
          ChecksumCRC32: right.toString('base64'),
        });
        await expect(put('AAAAAA==')).rejects.toMatchObject({
          name: 'BadDigest',
          $metadata: { httpStatusCode: 400 },
        });
      } finally {
        s3.destroy();
      }
    });

    it('answers bad signing requests with a clear 4xx', async () => {
      const user = await newUser(pipeline);
      const other = await newUser(pipeline);
      const checked = await user.createVideo<Created>(newVideo());
      const unchecked = await user.createVideo<Created>(newVideo(), { checksums: false });
      const single = await user.createVideo<Created>({ ...newVideo(), sizeBytes: 1000 });
      const sign = (client: typeof user, videoId: string, parts: unknown) =>
        client.request<ErrorJson>('POST', `/api/videos/${videoId}/upload/parts`, { parts });
      const crc = 'AAAAAA==';

      const hex = await sign(user, checked.video.videoId, [
        { partNumber: 1, checksumCRC32: 'cbf43926' },
      ]);
      expect(hex.status).toBe(400);
      expect(hex.body.error).toMatchObject({
        code: 'VALIDATION_FAILED',
        field: 'parts.0.checksumCRC32',
      });
      expect(hex.body.error.message).toMatch(/base64 of a 4-byte big-endian CRC32/);

      const outside = await sign(user, checked.video.videoId, [
        { partNumber: 4, checksumCRC32: crc },
      ]);
      expect(outside.status).toBe(400);
      expect(outside.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'parts' });
      expect(outside.body.error.message).toMatch(/parts 1 to 3\): 4$/);

      expect(unchecked.upload.checksumAlgorithm).toBeUndefined();
      expect(unchecked.upload.parts.every((p) => p.url)).toBe(true);
      const notChecked = await sign(user, unchecked.video.videoId, [
        { partNumber: 1, checksumCRC32: crc },
      ]);
      expect(notChecked.status).toBe(409);
      expect(notChecked.body.error.message).toMatch(/not created with checksumAlgorithm "CRC32"/);

      const othersUpload = await sign(other, checked.video.videoId, [
        { partNumber: 1, checksumCRC32: crc },
      ]);
      expect(othersUpload.status).toBe(404);
      expect(othersUpload.body.error.code).toBe('NOT_FOUND');

      const singlePut = await sign(user, single.video.videoId, [
        { partNumber: 1, checksumCRC32: crc },
      ]);
      expect(singlePut.status).toBe(404);
      expect(singlePut.body.error.message).toBe('this video has no open multipart upload');
    });
  });
});
