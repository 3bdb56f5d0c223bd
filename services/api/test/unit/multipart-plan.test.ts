import { describe, expect, it } from 'vitest';
import { choosePartSize, missingParts, planParts } from '../../src/videos/multipart-plan.ts';

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
