import { z } from 'zod';
import type { TokenVerifierSettings } from './jwt-verifier.ts';
import { localUrlProblem } from './local-mode-env.ts';

/** Environment fragment of every service that checks access tokens or reads the user pool. */
export const cognitoEnvShape = {
  COGNITO_USER_POOL_ID: z.string().min(1),
  COGNITO_CLIENT_ID: z.string().min(1),
  /** Local mode only: set both for the emulator's issuer; unset means the pool's own https issuer. */
  COGNITO_ISSUER: z.url().optional(),
  COGNITO_JWKS_URI: z.url().optional(),
};

type CognitoEnv = z.infer<z.ZodObject<typeof cognitoEnvShape>>;

/**
 * Cognito's own https issuer and JWKS for the pool, unless local mode names an emulator's: that
 * override is a local-only switch (whoever serves those keys can mint any user's token), so it needs
 * LOCAL_MODE=true and local URLs. `reject` reports a bad combination (the caller's config module
 * turns it into its ConfigError).
 */
export function toTokenVerifierSettings(
  e: CognitoEnv & { LOCAL_MODE: boolean },
  reject: (problem: string) => never,
): TokenVerifierSettings {
  if (!e.COGNITO_ISSUER && !e.COGNITO_JWKS_URI) {
    return { kind: 'cognito', userPoolId: e.COGNITO_USER_POOL_ID, clientId: e.COGNITO_CLIENT_ID };
  }
  if (!e.LOCAL_MODE) {
    return reject(
      'COGNITO_ISSUER and COGNITO_JWKS_URI are local-only (tokens checked against a non-Cognito issuer): ' +
        "unset them to use the user pool's own https issuer, or set LOCAL_MODE=true on a local stack",
    );
  }
  if (!e.COGNITO_ISSUER) return reject('COGNITO_ISSUER is required when COGNITO_JWKS_URI is set');
  if (!e.COGNITO_JWKS_URI) return reject('COGNITO_JWKS_URI is required when COGNITO_ISSUER is set');
  const problem =
    localUrlProblem('COGNITO_ISSUER', e.COGNITO_ISSUER) ??
    localUrlProblem('COGNITO_JWKS_URI', e.COGNITO_JWKS_URI);
  if (problem) return reject(problem);
  return {
    kind: 'jwks',
    issuer: e.COGNITO_ISSUER,
    jwksUri: e.COGNITO_JWKS_URI,
    clientId: e.COGNITO_CLIENT_ID,
  };
}
