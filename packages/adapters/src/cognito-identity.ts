import { randomUUID } from 'node:crypto';
import {
  AdminConfirmSignUpCommand,
  ConfirmSignUpCommand,
  GetUserCommand,
  InitiateAuthCommand,
  SignUpCommand,
  type AuthenticationResultType,
  type SignUpCommandOutput,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  ConflictError,
  ForbiddenError,
  UnauthorizedError,
  ValidationError,
  type AuthTokens,
  type IdentityProvider,
} from '@videoforge/core';
import {
  requestPasswordReset,
  resetPassword,
  revokeRefreshToken,
  type RecoveryTarget,
} from './cognito-account-recovery.ts';

export interface CognitoIdentityOptions {
  userPoolId: string;
  clientId: string;
  /** Confirm sign-ups at once (local development only: there is no mail to click). */
  autoConfirm: boolean;
}

export class CognitoIdentity implements IdentityProvider {
  private readonly client: CognitoIdentityProviderClient;
  private readonly options: CognitoIdentityOptions;

  constructor(client: CognitoIdentityProviderClient, options: CognitoIdentityOptions) {
    this.client = client;
    this.options = options;
  }

  /**
   * An address that has an account already gets the answer a new one would: a random user id that
   * belongs to nobody. Sign-up never tells who has an account (the owner still logs in as before).
   */
  async signUp(email: string, password: string): Promise<{ userId: string; confirmed: boolean }> {
    const out = await this.createUser(email, password);
    if (!out) return { userId: randomUUID(), confirmed: this.options.autoConfirm };
    let confirmed = out.UserConfirmed ?? false;
    if (!confirmed && this.options.autoConfirm) {
      await this.call(() =>
        this.client.send(
          new AdminConfirmSignUpCommand({ UserPoolId: this.options.userPoolId, Username: email }),
        ),
      );
      confirmed = true;
    }
    if (!out.UserSub) throw new Error('user pool answered sign-up without a user id');
    return { userId: out.UserSub, confirmed };
  }

  /** Undefined when the address has an account already. */
  private async createUser(
    email: string,
    password: string,
  ): Promise<SignUpCommandOutput | undefined> {
    try {
      return await this.client.send(
        new SignUpCommand({
          ClientId: this.options.clientId,
          Username: email,
          Password: password,
          UserAttributes: [{ Name: 'email', Value: email }],
        }),
      );
    } catch (error) {
      if ((error as { name?: string }).name === 'UsernameExistsException') return undefined;
      throw mapCognitoError(error);
    }
  }

  async confirmSignUp(email: string, code: string): Promise<void> {
    await this.call(() =>
      this.client.send(
        new ConfirmSignUpCommand({
          ClientId: this.options.clientId,
          Username: email,
          ConfirmationCode: code,
        }),
      ),
    );
  }

  async login(email: string, password: string): Promise<AuthTokens> {
    const out = await this.call(
      () =>
        this.client.send(
          new InitiateAuthCommand({
            ClientId: this.options.clientId,
            AuthFlow: 'USER_PASSWORD_AUTH',
            AuthParameters: { USERNAME: email, PASSWORD: password },
          }),
        ),
      // Some user pools (the local emulator) answer a wrong password this way: still bad credentials.
      { InvalidPasswordException: () => new UnauthorizedError('invalid credentials') },
    );
    return toTokens(out.AuthenticationResult);
  }

  async refresh(refreshToken: string): Promise<AuthTokens> {
    const out = await this.call(() =>
      this.client.send(
        new InitiateAuthCommand({
          ClientId: this.options.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      ),
    );
    // Cognito does not rotate the refresh token on this flow; hand the caller's back.
    const tokens = toTokens(out.AuthenticationResult);
    return { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken };
  }

  async emailOf(accessToken: string): Promise<string | undefined> {
    const out = await this.call(() =>
      this.client.send(new GetUserCommand({ AccessToken: accessToken })),
    );
    return out.UserAttributes?.find((a) => a.Name === 'email')?.Value;
  }

  requestPasswordReset(email: string): Promise<void> {
    return requestPasswordReset(this.recoveryTarget(), email);
  }

  resetPassword(email: string, code: string, newPassword: string): Promise<void> {
    return resetPassword(this.recoveryTarget(), email, code, newPassword);
  }

  revokeRefreshToken(refreshToken: string): Promise<void> {
    return revokeRefreshToken(this.recoveryTarget(), refreshToken);
  }

  private recoveryTarget(): RecoveryTarget {
    return { client: this.client, clientId: this.options.clientId };
  }

  /** Maps the user pool's errors to the API's typed errors; anything else propagates as a 5xx. */
  private async call<T>(
    run: () => Promise<T>,
    overrides: Record<string, () => Error> = {},
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const override = overrides[(error as { name?: string }).name ?? ''];
      throw override ? override() : mapCognitoError(error);
    }
  }
}

function toTokens(result: AuthenticationResultType | undefined): AuthTokens {
  if (!result?.AccessToken || !result.IdToken) {
    throw new UnauthorizedError('the user pool asked for a challenge this API does not support');
  }
  return {
    accessToken: result.AccessToken,
    idToken: result.IdToken,
    refreshToken: result.RefreshToken,
    expiresIn: result.ExpiresIn ?? secondsUntilExpiry(result.AccessToken),
  };
}

/** Some user pools (the local emulator) omit ExpiresIn; the token's own `exp` says the same. */
function secondsUntilExpiry(jwt: string): number {
  try {
    const payload = JSON.parse(
      Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'),
    ) as { exp?: unknown };
    if (typeof payload.exp === 'number')
      return Math.max(0, payload.exp - Math.floor(Date.now() / 1000));
  } catch {
    // not a JWT we can read: fall back to Cognito's default lifetime
  }
  return 3600;
}

export function mapCognitoError(error: unknown): unknown {
  const name = (error as { name?: string }).name;
  const message = (error as { message?: string }).message ?? 'user pool error';
  switch (name) {
    case 'NotAuthorizedException':
    case 'UserNotFoundException':
      return new UnauthorizedError('invalid credentials');
    case 'UsernameExistsException':
      return new ConflictError('an account with this email exists already');
    case 'InvalidPasswordException':
      return new ValidationError(message, 'password');
    case 'InvalidParameterException':
      return new ValidationError(message);
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
      return new ValidationError('confirmation code is wrong or expired', 'code');
    case 'UserNotConfirmedException':
      return new ForbiddenError('account is not confirmed yet: POST /api/auth/confirm');
    default:
      return error;
  }
}
