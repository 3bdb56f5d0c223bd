import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SigningKey, SigningKeyRing } from './signing-keys.ts';

export interface PlaybackClaims {
  userId: string;
  videoId: string;
  /** Unix seconds. */
  expiresAt: number;
}

/**
 * A short-lived capability for one user's one video: players cannot send Authorization headers, so
 * the HLS playlists are fetched with this token in the path. `<key id>.<claims>.<HMAC-SHA256 of
 * both>`: the key id picks the secret, so links outlive a key rotation.
 */
export function signPlaybackToken(claims: PlaybackClaims, key: SigningKey): string {
  const body = Buffer.from(
    JSON.stringify([claims.userId, claims.videoId, claims.expiresAt]),
  ).toString('base64url');
  return `${key.id}.${body}.${mac(key, body)}`;
}

export interface TokenCheck {
  nowSeconds: number;
  /**
   * Refuse tokens that expire farther than this from now, even when signed: a leaked or
   * mis-issued long-lived link (an older, longer TTL) stops working once the maximum is lowered.
   */
  maxLifetimeSeconds: number;
}

/** The claims of a valid, unexpired token within the lifetime bound; undefined for anything else. */
export function verifyPlaybackToken(
  token: string,
  keys: SigningKeyRing,
  check: TokenCheck,
): PlaybackClaims | undefined {
  const [keyId, body, signature, extra] = token.split('.');
  if (!keyId || !body || !signature || extra !== undefined) return undefined;
  const key = keys.accepted.get(keyId);
  if (!key || !sameText(mac(key, body), signature)) return undefined;
  const claims = parseClaims(body);
  if (!claims || claims.expiresAt <= check.nowSeconds) return undefined;
  return claims.expiresAt - check.nowSeconds <= check.maxLifetimeSeconds ? claims : undefined;
}

function mac(key: SigningKey, body: string): string {
  return createHmac('sha256', key.secret).update(`${key.id}.${body}`).digest('base64url');
}

function sameText(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseClaims(body: string): PlaybackClaims | undefined {
  try {
    const value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [userId, videoId, expiresAt] = value as unknown[];
    if (typeof userId !== 'string' || typeof videoId !== 'string' || typeof expiresAt !== 'number')
      return undefined;
    return { userId, videoId, expiresAt };
  } catch {
    return undefined;
  }
}
