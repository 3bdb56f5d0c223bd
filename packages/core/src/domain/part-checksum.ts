/** Per-part checksums a multipart upload can be created with; S3 checks each part on arrival. */
export const PART_CHECKSUM_ALGORITHMS = ['CRC32'] as const;
export type PartChecksumAlgorithm = (typeof PART_CHECKSUM_ALGORITHMS)[number];

/** S3's form of a CRC32: the 4 bytes big-endian, in base64 (8 characters ending in "=="). */
export function encodeCrc32(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
}

/** Only the canonical spelling: it is compared as a string with what S3 computes. */
export function isCrc32Base64(value: string): boolean {
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 4 && bytes.toString('base64') === value;
}
