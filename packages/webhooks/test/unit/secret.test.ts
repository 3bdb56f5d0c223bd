import { describe, expect, it } from 'vitest';
import { generateWebhookSecret } from '../../src/index.ts';

describe('generateWebhookSecret', () => {
  it('is whsec_ and the base64 of 32 random bytes', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64')).toHaveLength(32);
  });

  it('never repeats', () => {
    const seen = new Set(Array.from({ length: 100 }, () => generateWebhookSecret()));
    expect(seen.size).toBe(100);
  });
});
