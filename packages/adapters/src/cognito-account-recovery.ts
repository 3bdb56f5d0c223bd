import {
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
  RevokeTokenCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { RateLimitedError, ValidationError } from '@videoforge/core';

/** The user pool client that sends and checks the codes. */
export interface RecoveryTarget {
  client: CognitoIdentityProviderClient;
  clientId: string;
}

/**
 * Answers that would tell an unknown, unconfirmed or unverified address from a known one: the
 * caller hears the same as for an account whose code was sent.
 */
const SILENT_ON_REQUEST = new Set([
  'UserNotFoundException',
  'UserNotConfirmedException',
  'NotAuthorizedException',
  'InvalidParameterException',
]);

export async function requestPasswordReset(target: RecoveryTarget, email: string): Promise<void> {
  try {
    await target.client.send(
      new ForgotPasswordCommand({ ClientId: target.clientId, Username: email }),
    );
  } catch (error) {
    const name = errorName(error);
    if (SILENT_ON_REQUEST.has(name)) return;
    if (name === 'LimitExceededException' || name === 'TooManyRequestsException') {
      throw new RateLimitedError('too many password reset requests: try again later');
    }
    throw error;
  }
}

export async function resetPassword(
  target: RecoveryTarget,
  email: string,
  code: string,
  newPassword: string,
): Promise<void> {
  try {
    await target.client.send(
      new ConfirmForgotPasswordCommand({
        ClientId: target.clientId,
        Username: email,
        ConfirmationCode: code,
        Password: newPassword,
      }),
    );
  } catch (error) {
    throw resetFailure(error);
  }
}

function resetFailure(error: unknown): unknown {
  switch (errorName(error)) {
    // An unknown address fails like a wrong code: the answer never tells who has an account.
    case 'UserNotFoundException':
    case 'CodeMismatchException':
    case 'ExpiredCodeException':
    case 'NotAuthorizedException':
      return new ValidationError('reset code is wrong or expired', 'code');
    case 'InvalidPasswordException':
      return new ValidationError(messageOf(error), 'password');
    case 'InvalidParameterException':
      return new ValidationError(messageOf(error));
    case 'LimitExceededException':
    case 'TooManyFailedAttemptsException':
    case 'TooManyRequestsException':
      return new RateLimitedError('too many reset attempts: try again later');
    default:
      return error;
  }
}

/** Revoking a token that is unknown, or revoked already, leaves the caller logged out all the same. */
export async function revokeRefreshToken(
  target: RecoveryTarget,
  refreshToken: string,
): Promise<void> {
  try {
    await target.client.send(
      new RevokeTokenCommand({ ClientId: target.clientId, Token: refreshToken }),
    );
  } catch (error) {
    const name = errorName(error);
    if (name === 'NotAuthorizedException' || name === 'InvalidParameterException') return;
    throw error;
  }
}

function errorName(error: unknown): string {
  return (error as { name?: string }).name ?? '';
}

function messageOf(error: unknown): string {
  return (error as { message?: string }).message ?? 'invalid input';
}
