import { writeFile } from 'node:fs/promises';

/**
 * An `ftyp` box followed by pseudo-random bytes: what a truncated or mangled MP4 upload
 * looks like, so demuxers pick the MP4 reader and then fail ("moov atom not found").
 * Deterministic, so failures reproduce byte for byte.
 */
export async function makeCorruptFile(path: string, sizeBytes = 64 * 1024): Promise<void> {
  await writeFile(path, corruptBytes(sizeBytes));
}

function corruptBytes(sizeBytes: number): Buffer {
  const bytes = Buffer.alloc(sizeBytes);
  const header = ftypBox();
  header.copy(bytes, 0, 0, Math.min(header.length, sizeBytes));
  let state = 0x2545f491;
  for (let i = header.length; i < sizeBytes; i++) {
    // xorshift32: cheap, seeded, and no dependency on Math.random.
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/** 24-byte `ftyp` box: size, type, major brand, minor version, two compatible brands. */
function ftypBox(): Buffer {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24, 0);
  box.write('ftypisom', 4, 'latin1');
  box.writeUInt32BE(0x200, 12);
  box.write('isommp42', 16, 'latin1');
  return box;
}
