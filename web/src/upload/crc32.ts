const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC32 (IEEE, as zlib and S3), continuing from `previous` so a part can be summed in chunks. */
export function crc32(bytes: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    crc = (TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  return ~crc >>> 0;
}

/** S3's form of a CRC32: base64 of its 4 bytes, big-endian. */
export function crc32Base64(value: number): string {
  const bytes = [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
  return btoa(String.fromCharCode(...bytes));
}

const CHUNK = 4 * 1024 * 1024;

/** The CRC32 of a slice of a file, read a few MiB at a time so memory stays bounded. */
export async function crc32OfBlob(blob: Blob): Promise<string> {
  let value = 0;
  for (let start = 0; start < blob.size; start += CHUNK) {
    const chunk = new Uint8Array(await blob.slice(start, start + CHUNK).arrayBuffer());
    value = crc32(chunk, value);
  }
  return crc32Base64(value);
}
