import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import { SimpleJwksCache } from 'aws-jwt-verify/jwk';
import type { Fetcher } from 'aws-jwt-verify/https';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import { UnauthorizedError, type Principal, type TokenVerifier } from '@videoforge/core';

export type TokenVerifierSettings =
  /** A real Cognito user pool: issuer and JWKS follow from the pool id. */
  | { kind: 'cognito'; userPoolId: string; clientId: string }
  /** Any issuer that signs Cognito-shaped tokens with RSA keys (the local emulator). */
  | { kind: 'jwks'; issuer: string; jwksUri: string; clientId: string };

interface Verifier {
  verify(token: string): Promise<JwtPayload>;
}

/** Checks signature (cached JWKS), issuer, expiry, `token_use = access` and the app client id. */
export class AccessTokenVerifier implements TokenVerifier {
  private readonly verifier: Verifier;

  constructor(settings: TokenVerifierSettings) {
    this.verifier = createVerifier(settings);
  }

  async verifyAccessToken(token: string): Promise<Principal> {
    let payload: JwtPayload;
    try {
      payload = await this.verifier.verify(token);
    } catch {
      throw new UnauthorizedError('access token is invalid or expired');
    }
    if (typeof payload.sub !== 'string') throw new UnauthorizedError('access token has no subject');
    const groups = payload['cognito:groups'];
    const username = payload.username;
    return {
      userId: payload.sub,
      username: typeof username === 'string' ? username : payload.sub,
      groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    };
  }
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
