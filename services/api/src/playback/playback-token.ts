import { createHmac, timingSafeEqual } from 'node:crypto';

export interface PlaybackClaims {
  userId: string;
  videoId: string;
  /** Unix seconds. */
  expiresAt: number;
}

/**
 * A short-lived capability for one user's one video: players cannot send Authorization headers, so
 * the HLS playlists are fetched with this token in the path. HMAC-SHA256 over the claims.
 */
export function signPlaybackToken(claims: PlaybackClaims, secret: string): string {
  const body = Buffer.from(
    JSON.stringify([claims.userId, claims.videoId, claims.expiresAt]),
  ).toString('base64url');
  return `${body}.${mac(body, secret)}`;
}

/** The claims of a valid, unexpired token; undefined for anything else. */
export function verifyPlaybackToken(
  token: string,
  secret: string,
  nowSeconds: number,
): PlaybackClaims | undefined {
  const [body, signature, extra] = token.split('.');
  if (!body || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(body, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  const claims = parseClaims(body);
  return claims && claims.expiresAt > nowSeconds ? claims : undefined;
}

function mac(body: string, secret: string): string {
  return createHmac('sha256', secret).update(body).digest('base64url');
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
