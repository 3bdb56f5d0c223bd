import { z } from 'zod';
import type { TokenVerifierSettings } from './jwt-verifier.ts';

/** Environment fragment of every service that checks access tokens or reads the user pool. */
export const cognitoEnvShape = {
  COGNITO_USER_POOL_ID: z.string().min(1),
  COGNITO_CLIENT_ID: z.string().min(1),
  /** Set both for a non-AWS issuer (the local emulator); unset means Cognito's own. */
  COGNITO_ISSUER: z.url().optional(),
  COGNITO_JWKS_URI: z.url().optional(),
};

type CognitoEnv = z.infer<z.ZodObject<typeof cognitoEnvShape>>;

/**
 * A set issuer means a non-AWS issuer (the local emulator) with its own JWKS; otherwise Cognito's.
 * `reject` reports a bad combination (the caller's config module turns it into its ConfigError).
 */
export function toTokenVerifierSettings(
  e: CognitoEnv,
  reject: (problem: string) => never,
): TokenVerifierSettings {
  if (!e.COGNITO_ISSUER) {
    return { kind: 'cognito', userPoolId: e.COGNITO_USER_POOL_ID, clientId: e.COGNITO_CLIENT_ID };
  }
  if (!e.COGNITO_JWKS_URI) return reject('COGNITO_JWKS_URI is required when COGNITO_ISSUER is set');
  return {
    kind: 'jwks',
    issuer: e.COGNITO_ISSUER,
    jwksUri: e.COGNITO_JWKS_URI,
    clientId: e.COGNITO_CLIENT_ID,
  };
}
