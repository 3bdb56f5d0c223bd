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
}

/** Verifies an access token's signature, issuer, client and expiry; throws UnauthorizedError otherwise. */
export interface TokenVerifier {
  verifyAccessToken(token: string): Promise<Principal>;
}
