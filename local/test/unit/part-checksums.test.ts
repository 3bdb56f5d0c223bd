import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeCrc32 } from '@videoforge/core';
import type { StoredUpload } from '../../src/emulators/fauxqs-stores.ts';
import { listPartsXml } from '../../src/emulators/list-parts.ts';
import { judgeCrc32, partWithoutCrc32 } from '../../src/emulators/part-checksums.ts';

const body = Buffer.from('part bytes');
const right = encodeCrc32(crc32(body));
const claim = { declared: right, otherAlgorithm: undefined, uploadExpectsCrc32: true, body };

describe('the emulated S3 CRC32 check', () => {
  it('stores a body that matches its CRC32, and one that declares none outside a CRC32 upload', () => {
    expect(judgeCrc32(claim)).toBeUndefined();
    expect(
      judgeCrc32({ ...claim, declared: undefined, uploadExpectsCrc32: false }),
    ).toBeUndefined();
  });

  it('refuses a body that does not match its CRC32 with BadDigest', () => {
    expect(judgeCrc32({ ...claim, body: Buffer.from('part bytez') })).toEqual({
      code: 'BadDigest',
      message: 'The CRC32 you specified did not match the calculated checksum.',
    });
    expect(judgeCrc32({ ...claim, uploadExpectsCrc32: false, declared: 'AAAAAA==' })?.code).toBe(
      'BadDigest',
    );
  });

  it('refuses a CRC32 that is not 4 bytes of base64', () => {
    expect(judgeCrc32({ ...claim, declared: 'not-a-crc' })).toEqual({
      code: 'InvalidRequest',
      message: 'Value for x-amz-checksum-crc32 header is invalid.',
    });
  });

  it('refuses a part of a CRC32 upload that comes without its CRC32', () => {
    expect(judgeCrc32({ ...claim, declared: undefined })?.message).toBe(
      'Checksum Type mismatch occurred, expected checksum Type: crc32, actual checksum Type: null',
    );
    expect(
      judgeCrc32({ ...claim, declared: undefined, otherAlgorithm: 'sha256' })?.message,
    ).toMatch(/actual checksum Type: sha256$/);
  });

  it('finds the first part a completion lists without its checksum', () => {
    const part = (n: number, crc?: string) =>
      `<Part><PartNumber>${n}</PartNumber><ETag>"e${n}"</ETag>${crc ? `<ChecksumCRC32>${crc}</ChecksumCRC32>` : ''}</Part>`;
    const xml = (...parts: string[]) =>
      `<CompleteMultipartUpload>${parts.join('')}</CompleteMultipartUpload>`;
    expect(partWithoutCrc32(xml(part(1, right), part(2, right)))).toBeUndefined();
    expect(partWithoutCrc32(xml(part(1, right), part(2), part(3)))).toBe(2);
  });
});

describe('the ListParts shim', () => {
  const upload = (checksumAlgorithm?: string): StoredUpload => ({
    bucket: 'b',
    key: 'raw/k.mp4',
    checksumAlgorithm,
    parts: new Map([
      [1, { partNumber: 1, etag: '"e1"', body, lastModified: new Date(0), checksumValue: right }],
    ]),
  });

  it("lists each part's CRC32 for an upload created with CRC32", () => {
    expect(listPartsXml('u', upload('CRC32'))).toContain(
      `<Size>${body.length}</Size><ChecksumCRC32>${right}</ChecksumCRC32></Part>`,
    );
  });

  it('lists no checksum for an upload created without one, as S3 does', () => {
    expect(listPartsXml('u', upload())).not.toContain('Checksum');
  });
});
