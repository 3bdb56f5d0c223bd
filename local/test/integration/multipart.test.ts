import { open, stat } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { clip, newUser, tempDir, waitForVideo, type VideoJson } from './support.ts';

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
});
