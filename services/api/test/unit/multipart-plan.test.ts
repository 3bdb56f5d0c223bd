import { describe, expect, it } from 'vitest';
import {
  choosePartSize,
  missingParts,
  partsOutsidePlan,
  planParts,
} from '../../src/videos/multipart-plan.ts';
import { MAX_PARTS_PER_SIGNING, createVideoBody, signPartsBody } from '../../src/videos/schemas.ts';

const MiB = 1024 * 1024;

describe('multipart plan', () => {
  it('cuts an upload into parts of the chosen size with a shorter last part', () => {
    expect(planParts(12 * MiB + 5, 5 * MiB)).toEqual([
      { partNumber: 1, sizeBytes: 5 * MiB },
      { partNumber: 2, sizeBytes: 5 * MiB },
      { partNumber: 3, sizeBytes: 2 * MiB + 5 },
    ]);
  });

  it("keeps to S3's limits: parts of at least 5 MiB and at most 10,000 of them", () => {
    expect(choosePartSize(100 * MiB, 1 * MiB)).toBe(5 * MiB);
    const fiveTiB = 5 * 1024 * 1024 * MiB;
    const size = choosePartSize(fiveTiB, 16 * MiB);
    expect(Math.ceil(fiveTiB / size)).toBeLessThanOrEqual(10_000);
    expect(size % MiB).toBe(0);
  });

  it('finds the parts still to send, including one that arrived short', () => {
    const planned = planParts(12 * MiB, 5 * MiB);
    expect(
      missingParts(planned, [
        { partNumber: 1, sizeBytes: 5 * MiB },
        { partNumber: 3, sizeBytes: 1 },
      ]).map((p) => p.partNumber),
    ).toEqual([2, 3]);
  });
});

describe('part signing requests', () => {
  const crc = 'y/Q5Jg==';

  it('names the part numbers a plan does not have', () => {
    const requested = [{ partNumber: 1 }, { partNumber: 3 }, { partNumber: 4 }, { partNumber: 9 }];
    expect(partsOutsidePlan(requested, 3)).toEqual([4, 9]);
    expect(partsOutsidePlan([{ partNumber: 3 }], 3)).toEqual([]);
  });

  it('accepts part numbers with the base64 of a 4-byte CRC32', () => {
    const body = {
      parts: [
        { partNumber: 1, checksumCRC32: crc },
        { partNumber: 2, checksumCRC32: 'AAAAAA==' },
      ],
    };
    expect(signPartsBody.parse(body)).toEqual(body);
  });

  it.each([
    [
      'a hex CRC',
      { parts: [{ partNumber: 1, checksumCRC32: 'cbf43926' }] },
      'parts.0.checksumCRC32',
    ],
    ['5 bytes', { parts: [{ partNumber: 1, checksumCRC32: 'AAAAAAA=' }] }, 'parts.0.checksumCRC32'],
    [
      'a non-canonical spelling',
      { parts: [{ partNumber: 1, checksumCRC32: 'AAAAAB==' }] },
      'parts.0.checksumCRC32',
    ],
    ['part 0', { parts: [{ partNumber: 0, checksumCRC32: crc }] }, 'parts.0.partNumber'],
    ['part 10,001', { parts: [{ partNumber: 10_001, checksumCRC32: crc }] }, 'parts.0.partNumber'],
    ['no parts', { parts: [] }, 'parts'],
    [
      'a repeated part',
      {
        parts: [
          { partNumber: 2, checksumCRC32: crc },
          { partNumber: 2, checksumCRC32: crc },
        ],
      },
      'parts',
    ],
    [
      'an unknown field',
      { parts: [{ partNumber: 1, checksumCRC32: crc, sizeBytes: 5 }] },
      'parts.0',
    ],
    [
      `more than ${MAX_PARTS_PER_SIGNING} parts`,
      {
        parts: Array.from({ length: MAX_PARTS_PER_SIGNING + 1 }, (_, i) => ({
          partNumber: i + 1,
          checksumCRC32: crc,
        })),
      },
      'parts',
    ],
  ])('refuses %s', (_name, body, path) => {
    const result = signPartsBody.safeParse(body);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path.join('.')).toBe(path);
  });

  it('takes checksumAlgorithm "CRC32" on create, and nothing else', () => {
    const video = { title: 't', filename: 'a.mp4', contentType: 'video/mp4', sizeBytes: 1 };
    expect(createVideoBody.parse({ ...video, checksumAlgorithm: 'CRC32' }).checksumAlgorithm).toBe(
      'CRC32',
    );
    expect(createVideoBody.safeParse({ ...video, checksumAlgorithm: 'SHA256' }).success).toBe(
      false,
    );
    expect(createVideoBody.safeParse({ ...video, checksumAlgorithm: 'crc32' }).success).toBe(false);
  });
});
