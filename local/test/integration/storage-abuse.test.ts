import { crc32 } from 'node:zlib';
import {
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  ListObjectVersionsCommand,
  ListPartsCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clientsFor } from './helpers.ts';
import { newUser, waitForVideo, type VideoJson } from './support.ts';

/**
 * The API's own abuse cases on storage: an upload URL takes exactly the bytes it was issued for,
 * and deleting a video leaves no version of any of its objects in the versioned bucket.
 */

const MiB = 1024 * 1024;
/** Over the 5 MiB threshold set below: parts of 5 MiB and a last one of 1 MiB + 100 bytes. */
const MULTIPART_SIZE = 6 * MiB + 100;

type User = Awaited<ReturnType<typeof newUser>>;

interface Upload {
  url: string;
  headers: Record<string, string>;
}

interface Plan {
  method: 'MULTIPART';
  uploadId: string;
  parts: { partNumber: number; sizeBytes: number; url?: string }[];
  signParts?: { path: string };
  complete: { path: string };
}

interface Created<U> {
  video: VideoJson & { sourceKey: string };
  upload: U;
}

/** PUTs `body` with the URL's headers, but the Content-Length of what is really sent. */
async function put(url: string, headers: Record<string, string>, body: Buffer) {
  const others = Object.entries(headers).filter(
    ([name]) => name.toLowerCase() !== 'content-length',
  );
  const response = await fetch(url, {
    method: 'PUT',
    headers: { ...Object.fromEntries(others), 'content-length': String(body.length) },
    body,
  });
  return { status: response.status, text: await response.text() };
}

function crc32Base64(bytes: Buffer): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(bytes) >>> 0);
  return sum.toString('base64');
}

describe('storage against abuse of upload URLs and deletes', () => {
  let pipeline: Pipeline;
  let s3: S3Client;
  let bucket: string;

  beforeAll(async () => {
    pipeline = await startPipeline({
      transcoder: false,
      apiEnv: {
        MULTIPART_THRESHOLD_BYTES: String(5 * MiB),
        MULTIPART_PART_BYTES: String(5 * MiB),
      },
    });
    s3 = clientsFor(pipeline.stack.env).s3;
    bucket = pipeline.stack.env.S3_BUCKET ?? '';
  });
  afterAll(async () => {
    s3?.destroy();
    await pipeline?.stop();
  });

  const createVideo = <U>(user: User, sizeBytes: number, extra: Record<string, unknown> = {}) =>
    user.expect<Created<U>>(201, 'POST', '/api/videos', {
      title: 'abuse',
      filename: 'clip.mp4',
      contentType: 'video/mp4',
      sizeBytes,
      ...extra,
    });

  /** Every version and delete marker under a prefix, as "key@versionId". */
  async function versionsUnder(prefix: string): Promise<string[]> {
    const out = await s3.send(new ListObjectVersionsCommand({ Bucket: bucket, Prefix: prefix }));
    return [...(out.Versions ?? []), ...(out.DeleteMarkers ?? [])].map(
      (v) => `${v.Key}@${v.VersionId}`,
    );
  }

  it('keeps the local bucket versioned, as production has it', async () => {
    const out = await s3.send(new GetBucketVersioningCommand({ Bucket: bucket }));
    expect(out.Status).toBe('Enabled');
  });

  it('takes exactly the declared size on a single-PUT upload URL', async () => {
    const user = await newUser(pipeline);
    const { upload } = await createVideo<Upload>(user, 2048);
    const bigger = await put(upload.url, upload.headers, Buffer.alloc(4096, 1));
    expect(bigger.status).toBe(403);
    expect(bigger.text).toContain('SignatureDoesNotMatch');
    expect((await put(upload.url, upload.headers, Buffer.alloc(2048, 1))).status).toBe(200);
  });

  it('binds each part URL to its planned size, the shorter last part included', async () => {
    const user = await newUser(pipeline);
    const { upload: plan } = await createVideo<Plan>(user, MULTIPART_SIZE);
    const [first, last] = plan.parts;
    expect([first?.sizeBytes, last?.sizeBytes]).toEqual([5 * MiB, MiB + 100]);
    const url = (part: typeof first) => part?.url ?? '';

    const oversizedLast = await put(url(last), {}, Buffer.alloc(5 * MiB, 2));
    expect(oversizedLast.status).toBe(403);
    expect(oversizedLast.text).toContain('SignatureDoesNotMatch');
    expect((await put(url(first), {}, Buffer.alloc(5 * MiB + 1, 1))).status).toBe(403);

    expect((await put(url(first), {}, Buffer.alloc(5 * MiB, 1))).status).toBe(200);
    expect((await put(url(last), {}, Buffer.alloc(MiB + 100, 2))).status).toBe(200);
    await user.expect(202, 'POST', plan.complete.path);
  });

  it('binds checksum-signed part URLs to the planned size too, whatever checksum the client sends', async () => {
    const user = await newUser(pipeline);
    const { upload: plan } = await createVideo<Plan>(user, MULTIPART_SIZE, {
      checksumAlgorithm: 'CRC32',
    });
    const oversized = Buffer.alloc(2 * MiB, 3);
    const signed = await user.expect<{ parts: Array<Upload & { partNumber: number }> }>(
      200,
      'POST',
      plan.signParts?.path ?? '',
      { parts: [{ partNumber: 2, checksumCRC32: crc32Base64(oversized) }] },
    );
    const part = signed.parts[0];
    expect(part?.headers['content-length']).toBe(String(MiB + 100));
    const pushed = await put(part?.url ?? '', part?.headers ?? {}, oversized);
    expect(pushed.status).toBe(403);
    expect(pushed.text).toContain('SignatureDoesNotMatch');
  });

  it('removes every version and delete marker of every object when a video is deleted', async () => {
    const user = await newUser(pipeline);
    const keep = await createVideo<Upload>(user, 5);
    const doomed = await createVideo<Upload>(user, 5);
    for (const { upload } of [keep, doomed])
      expect((await put(upload.url, upload.headers, Buffer.from('abcde'))).status).toBe(200);
    const id = doomed.video.videoId;
    await waitForVideo(user, id, (v) => v.status === 'UPLOADED', 20_000);
    // What a transcoder leaves over time: overwritten outputs and deleted ones (delete markers).
    const outputs = [
      `transcoded/720p/${user.userId}/${id}.mp4`,
      `thumbnails/${user.userId}/${id}.jpg`,
      `hls/${user.userId}/${id}/master.m3u8`,
      `hls/${user.userId}/${id}/720p/seg-0.ts`,
    ];
    for (const key of outputs) {
      for (const body of ['old', 'new'])
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    }
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: outputs[3] }));
    const keptVersions = await versionsUnder(keep.video.sourceKey);
    const before = await versionsUnder(`hls/${user.userId}/${id}/`);
    expect(before).toHaveLength(5); // master twice, the segment twice and its delete marker

    expect((await user.request('DELETE', `/api/videos/${id}`)).status).toBe(204);
    for (const prefix of [doomed.video.sourceKey, ...outputs, `hls/${user.userId}/${id}/`])
      expect(await versionsUnder(prefix)).toEqual([]);
    expect(await versionsUnder(keep.video.sourceKey)).toEqual(keptVersions);
    expect(keptVersions).toHaveLength(1);
  });

  it('aborts the open multipart upload of a deleted video, leaving no parts behind', async () => {
    const user = await newUser(pipeline);
    const { video, upload: plan } = await createVideo<Plan>(user, MULTIPART_SIZE);
    const first = plan.parts[0];
    expect((await put(first?.url ?? '', {}, Buffer.alloc(5 * MiB, 1))).status).toBe(200);
    expect((await user.request('DELETE', `/api/videos/${video.videoId}`)).status).toBe(204);
    await expect(
      s3.send(
        new ListPartsCommand({ Bucket: bucket, Key: video.sourceKey, UploadId: plan.uploadId }),
      ),
    ).rejects.toMatchObject({ name: 'NoSuchUpload' });
  });
});
