import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeCrc32, isCrc32Base64 } from '../../src/index.ts';

describe('part checksums', () => {
  it('encodes a CRC32 as S3 does: 4 bytes big-endian in base64', () => {
    // 0xCBF43926 is the CRC32 check value of "123456789".
    expect(encodeCrc32(crc32('123456789'))).toBe(
      Buffer.from([0xcb, 0xf4, 0x39, 0x26]).toString('base64'),
    );
    expect(encodeCrc32(crc32(''))).toBe('AAAAAA==');
    expect(encodeCrc32(0xffffffff)).toBe('/////w==');
  });

  it('accepts only the canonical base64 of exactly 4 bytes', () => {
    expect(isCrc32Base64('y/Q5Jg==')).toBe(true);
    expect(isCrc32Base64('AAAAAA==')).toBe(true);
    for (const bad of [
      '',
      'AAAA',
      'AAAAAAA=',
      'AAAAAAAA',
      'AAAAAB==',
      'AAAAAA',
      ' AAAAAA==',
      'y_Q5Jg==',
    ]) {
      expect(isCrc32Base64(bad), bad).toBe(false);
    }
  });
});
