export interface AuthTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
}

export interface Principal {
  userId: string;
  username: string;
  groups: string[];
}

/** Sign-up and sign-in against the user pool (Cognito). */
export interface IdentityProvider {
  /**
   * Answers alike whether or not the address has an account (no account enumeration): for a taken
   * address, a user id shaped like a new one that belongs to nobody.
   */
  signUp(email: string, password: string): Promise<{ userId: string; confirmed: boolean }>;
  confirmSignUp(email: string, code: string): Promise<void>;
  login(email: string, password: string): Promise<AuthTokens>;
  refresh(refreshToken: string): Promise<AuthTokens>;
  emailOf(accessToken: string): Promise<string | undefined>;
  /**
   * Sends a password reset code to the address. Resolves alike whether or not it has an account
   * (no account enumeration).
   */
  requestPasswordReset(email: string): Promise<void>;
  /** Sets a new password with the code that was sent; a wrong or expired code is a ValidationError. */
  resetPassword(email: string, code: string, newPassword: string): Promise<void>;
  /** Revokes a refresh token (logout); one that is unknown or revoked already is no error. */
  revokeRefreshToken(refreshToken: string): Promise<void>;
}

/** Verifies an access token's signature, issuer, client and expiry; throws UnauthorizedError otherwise. */
export interface TokenVerifier {
  verifyAccessToken(token: string): Promise<Principal>;
}
