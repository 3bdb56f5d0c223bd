import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Fetcher } from 'aws-jwt-verify/https';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { UnauthorizedError, type Principal, type TokenVerifier } from '@videoforge/core';
import { ExpiringLru } from './expiring-lru.ts';

export type TokenVerifierSettings =
  /** A real Cognito user pool: issuer and JWKS follow from the pool id. */
  | { kind: 'cognito'; userPoolId: string; clientId: string }
  /** Any issuer that signs Cognito-shaped tokens with RSA keys (the local emulator). */
  | { kind: 'jwks'; issuer: string; jwksUri: string; clientId: string };

export interface Verifier {
  verify(token: string): Promise<JwtPayload>;
}

export interface VerifiedTokenCacheOptions {
  /** Verified tokens kept (about 1 KB each); 0 verifies every request. Default 10,000. */
  maxEntries?: number;
  now?: () => number;
}

const DEFAULT_CACHED_TOKENS = 10_000;
/** A JWT's characters (base64url parts and dots), with a little room for other encodings. */
const TOKEN_SYNTAX = /^[A-Za-z0-9._~+/=-]+$/;

/**
 * Checks signature (cached JWKS), issuer, expiry, `token_use = access` and the app client id.
 * A token that passed is remembered, by its exact text, until its own `exp` and never past it:
 * verification is a pure function of the token and the pool's keys, so the answer cannot change
 * before then (revoked tokens were not refused before either: access tokens are checked offline).
 * Only valid tokens are kept, so made-up ones cannot push real ones out.
 */
export class AccessTokenVerifier implements TokenVerifier {
  private readonly verifier: Verifier;
  private readonly verified: ExpiringLru<Principal> | undefined;

  constructor(settings: TokenVerifierSettings | Verifier, cache: VerifiedTokenCacheOptions = {}) {
    this.verifier = 'verify' in settings ? settings : createVerifier(settings);
    const maxEntries = cache.maxEntries ?? DEFAULT_CACHED_TOKENS;
    this.verified = maxEntries > 0 ? new ExpiringLru(maxEntries, cache.now) : undefined;
  }

  async verifyAccessToken(token: string): Promise<Principal> {
    const known = this.verified?.get(token);
    if (known) return known;
    if (!TOKEN_SYNTAX.test(token)) throw new UnauthorizedError('access token is malformed');
    let payload: JwtPayload;
    try {
      payload = await this.verifier.verify(token);
    } catch {
      throw new UnauthorizedError('access token is invalid or expired');
    }
    const principal = principalOf(payload);
    if (typeof payload.exp === 'number') this.verified?.set(token, principal, payload.exp * 1000);
    return principal;
  }
}

function principalOf(payload: JwtPayload): Principal {
  if (typeof payload.sub !== 'string') throw new UnauthorizedError('access token has no subject');
  const groups = payload['cognito:groups'];
  const username = payload.username;
  // Frozen: one principal is shared by every request that presents the same token.
  return Object.freeze({
    userId: payload.sub,
    username: typeof username === 'string' ? username : payload.sub,
    groups: Object.freeze(
      Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    ) as string[],
  });
}

function createVerifier(settings: TokenVerifierSettings): Verifier {
  if (settings.kind === 'cognito') {
    return CognitoJwtVerifier.create({
      userPoolId: settings.userPoolId,
      clientId: settings.clientId,
      tokenUse: 'access',
    });
  }
  return JwtRsaVerifier.create(
    {
      issuer: settings.issuer,
      jwksUri: settings.jwksUri,
      // Cognito access tokens carry no `aud`; the client is checked through `client_id` below.
      audience: null,
      customJwtCheck: ({ payload }) => {
        if (payload.token_use !== 'access') throw new Error('not an access token');
        if (payload.client_id !== settings.clientId) throw new Error('token of another app client');
      },
    },
    // The library's own fetcher speaks https only; an emulator's JWKS is served over plain http.
    { jwksCache: new SimpleJwksCache({ fetcher: plainFetcher }) },
  );
}

const plainFetcher: Fetcher = {
  fetch: async (uri) => {
    const response = await fetch(uri, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS fetch from ${uri} answered HTTP ${response.status}`);
    return response.arrayBuffer();
  },
};
