import { createHmac } from 'node:crypto';

export interface SigningKey {
  /** Derived from the secret, so operators rotate secrets without naming keys. */
  readonly id: string;
  readonly secret: string;
}

/** The key that signs new links, and every key (by id) whose links still verify. */
export interface SigningKeyRing {
  readonly current: SigningKey;
  readonly accepted: ReadonlyMap<string, SigningKey>;
}

/**
 * 48 bits of an HMAC keyed by the secret: enough to tell two keys apart, and says nothing usable
 * about a 32+ character secret.
 */
export function keyIdOf(secret: string): string {
  return createHmac('sha256', secret)
    .update('videoforge playback key id')
    .digest('base64url')
    .slice(0, 8);
}

/** `current` signs; links signed with `previous` keep verifying until they expire. */
export function signingKeyRing(current: string, previous?: string): SigningKeyRing {
  const keys = [current, ...(previous === undefined ? [] : [previous])].map((secret) => ({
    id: keyIdOf(secret),
    secret,
  }));
  return {
    current: keys[0] as SigningKey,
    accepted: new Map(keys.map((key) => [key.id, key])),
  };
}
