import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crc32OfRange, partsToSend, type MultipartPlan } from '../../src/index.ts';

const PART = 64 * 1024;
const bytes = Buffer.from(Array.from({ length: 2 * PART + 123 }, (_, i) => (i * 31) % 251));
const crcOf = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data));
  return out.toString('base64');
};

describe('multipart client: part checksums from disk', () => {
  let dir: string;
  let path: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'testkit-crc-'));
    path = join(dir, 'file.bin');
    await writeFile(path, bytes);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('sums a byte range streamed in chunks to the CRC32 of those bytes', async () => {
    expect(await crc32OfRange(path, 0, bytes.length)).toBe(crcOf(bytes));
    expect(await crc32OfRange(path, PART, PART)).toBe(crcOf(bytes.subarray(PART, 2 * PART)));
    expect(await crc32OfRange(path, 5, 0)).toBe('AAAAAA==');
  });

  it('sends the parts S3 lacks or holds with other bytes, and skips those it holds intact', async () => {
    const plan: MultipartPlan = {
      method: 'MULTIPART',
      partSize: PART,
      checksumAlgorithm: 'CRC32',
      parts: [],
      uploadedParts: [
        { partNumber: 1, sizeBytes: PART, checksumCRC32: crcOf(bytes.subarray(0, PART)) },
        { partNumber: 2, sizeBytes: PART, checksumCRC32: 'AAAAAA==' },
      ],
      status: { path: '/s' },
      complete: { path: '/c' },
    };
    const toSend = await partsToSend(plan, path, bytes.length);
    expect(toSend).toEqual([
      {
        partNumber: 2,
        start: PART,
        sizeBytes: PART,
        checksumCRC32: crcOf(bytes.subarray(PART, 2 * PART)),
      },
      {
        partNumber: 3,
        start: 2 * PART,
        sizeBytes: 123,
        checksumCRC32: crcOf(bytes.subarray(2 * PART)),
      },
    ]);
  });
});
