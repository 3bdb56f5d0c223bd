import { describe, expect, it } from 'vitest';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { UnauthorizedError } from '@videoforge/core';
import { AccessTokenVerifier, type Verifier } from '../../src/jwt-verifier.ts';

/** A verifier that accepts tokens named `valid-<exp seconds>` and counts its verifications. */
class CountingVerifier implements Verifier {
  calls = 0;

  verify(token: string): Promise<JwtPayload> {
    this.calls += 1;
    const match = /^valid-(\d+)$/.exec(token);
    if (!match) return Promise.reject(new Error('bad signature'));
    return Promise.resolve({ sub: 'u1', username: 'ann', exp: Number(match[1]) } as JwtPayload);
  }
}

function fixture(maxEntries?: number) {
  const clock = { now: 1_000_000 };
  const inner = new CountingVerifier();
  const verifier = new AccessTokenVerifier(inner, { maxEntries, now: () => clock.now });
  return { clock, inner, verifier };
}

describe('verified-token cache', () => {
  it('verifies a token once and answers it from memory until its exp', async () => {
    const { clock, inner, verifier } = fixture();
    const token = 'valid-1010'; // exp 1,010 s = 1,010,000 ms
    const first = await verifier.verifyAccessToken(token);
    expect(first).toEqual({ userId: 'u1', username: 'ann', groups: [] });
    clock.now = 1_009_999;
    expect(await verifier.verifyAccessToken(token)).toBe(first);
    expect(inner.calls).toBe(1);
    clock.now = 1_010_000;
    await verifier.verifyAccessToken(token);
    expect(inner.calls).toBe(2);
  });

  it('never remembers a refused token', async () => {
    const { inner, verifier } = fixture();
    for (let i = 0; i < 2; i++)
      await expect(verifier.verifyAccessToken('forged')).rejects.toBeInstanceOf(UnauthorizedError);
    expect(inner.calls).toBe(2);
  });

  it('refuses a token with characters no JWT has before parsing it', async () => {
    const { inner, verifier } = fixture();
    for (const token of ['valid-2000 x', 'valid-2000\u0000', 'valid,2000'])
      await expect(verifier.verifyAccessToken(token)).rejects.toBeInstanceOf(UnauthorizedError);
    expect(inner.calls).toBe(0);
  });

  it('verifies every time with the cache off', async () => {
    const { inner, verifier } = fixture(0);
    await verifier.verifyAccessToken('valid-2000');
    await verifier.verifyAccessToken('valid-2000');
    expect(inner.calls).toBe(2);
  });

  it('hands out principals no request can change for the next one', async () => {
    const { verifier } = fixture();
    const principal = await verifier.verifyAccessToken('valid-2000');
    expect(Object.isFrozen(principal) && Object.isFrozen(principal.groups)).toBe(true);
  });
});
