/** S3's rules: at most 10,000 parts, each at least 5 MiB except the last. */
export const MAX_PARTS = 10_000;
export const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface PlannedPart {
  partNumber: number;
  sizeBytes: number;
}

/** The part size for an upload: the configured one, grown (in whole MiB) until 10,000 parts suffice. */
export function choosePartSize(totalBytes: number, preferredBytes: number): number {
  const mib = 1024 * 1024;
  const needed = Math.ceil(totalBytes / MAX_PARTS);
  const size = Math.max(preferredBytes, MIN_PART_BYTES, needed);
  return Math.ceil(size / mib) * mib;
}

export function planParts(totalBytes: number, partSize: number): PlannedPart[] {
  const count = Math.ceil(totalBytes / partSize);
  return Array.from({ length: count }, (_, i) => ({
    partNumber: i + 1,
    sizeBytes: i === count - 1 ? totalBytes - partSize * (count - 1) : partSize,
  }));
}

/** Which planned parts are not (correctly) uploaded yet. */
export function missingParts(
  planned: readonly PlannedPart[],
  uploaded: readonly { partNumber: number; sizeBytes: number }[],
): PlannedPart[] {
  const sizes = new Map(uploaded.map((p) => [p.partNumber, p.sizeBytes]));
  return planned.filter((p) => sizes.get(p.partNumber) !== p.sizeBytes);
}

/** Part numbers a client asked for that the upload's plan does not have. */
export function partsOutsidePlan(
  requested: readonly { partNumber: number }[],
  partCount: number,
): number[] {
  return requested.map((p) => p.partNumber).filter((n) => n < 1 || n > partCount);
}
