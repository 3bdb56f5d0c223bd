import { createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { batchSha256 } from '../../src/keyed-sha256.ts';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const bufferOf = (data: string | ArrayBuffer | Uint8Array) =>
  typeof data === 'string' ? Buffer.from(data) : Buffer.from(new Uint8Array(data));

describe('batchSha256', () => {
  it('hashes and HMACs as node:crypto does, whatever form key and data take', async () => {
    const Sha256 = batchSha256();
    const plain = new Sha256();
    plain.update('canonical request');
    expect(hex(await plain.digest())).toBe(
      createHash('sha256').update('canonical request').digest('hex'),
    );
    const binaryKey = new Uint8Array([1, 2, 3, 4]);
    for (const [key, data] of [
      ['AWS4secret', new TextEncoder().encode('20260304')],
      [binaryKey, 'string to sign'],
      [binaryKey.buffer, new Uint8Array([9, 8, 7]).buffer],
    ] as const) {
      const hmac = new Sha256(key);
      hmac.update(data);
      const expected = createHmac('sha256', bufferOf(key)).update(bufferOf(data)).digest('hex');
      expect(hex(await hmac.digest())).toBe(expected);
    }
  });

  it('reuses a key for many HMACs, each starting afresh after reset', async () => {
    const Sha256 = batchSha256();
    const key = new Uint8Array([7, 7, 7]);
    const expected = createHmac('sha256', key).update('b').digest('hex');
    const first = new Sha256(key);
    first.update('a');
    first.reset();
    first.update('b');
    const second = new Sha256(key);
    second.update('b');
    expect([hex(await first.digest()), hex(await second.digest())]).toEqual([expected, expected]);
  });
});
