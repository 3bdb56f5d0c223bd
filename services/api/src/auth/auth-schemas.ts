import { z } from 'zod';

const email = z.email().max(254);
const password = z.string().min(1).max(256);
const code = z.string().min(1).max(64);
const refreshToken = z.string().min(1).max(8192);

export const signUpBody = z.strictObject({ email, password }).meta({ id: 'SignUpRequest' });
export const confirmBody = z.strictObject({ email, code }).meta({ id: 'ConfirmRequest' });
export const loginBody = z.strictObject({ email, password }).meta({ id: 'LoginRequest' });

/** Browsers send none: their refresh token travels in the httpOnly cookie instead. */
export const refreshBody = z
  .strictObject({ refreshToken: refreshToken.optional() })
  .meta({ id: 'RefreshRequest' });

export const logoutBody = z
  .strictObject({ refreshToken: refreshToken.optional() })
  .meta({ id: 'LogoutRequest' });

export const forgotPasswordBody = z.strictObject({ email }).meta({ id: 'ForgotPasswordRequest' });

export const resetPasswordBody = z
  .strictObject({ email, code, password })
  .meta({ id: 'ResetPasswordRequest' });

export const signUpAnswer = z
  .object({ userId: z.string(), confirmed: z.boolean() })
  .meta({ id: 'SignUpAnswer' });

export const tokensAnswer = z
  .object({
    accessToken: z.string(),
    idToken: z.string(),
    /** Absent when the refresh token came from the cookie: scripts in the page never see it. */
    refreshToken: z.string().optional(),
    expiresIn: z.number().int(),
  })
  .meta({
    id: 'Tokens',
    description:
      'refreshToken is also set as an httpOnly cookie; it is left out of the body when the refresh token came from that cookie.',
  });

export const meAnswer = z
  .object({ userId: z.string(), email: z.string().optional(), groups: z.array(z.string()) })
  .meta({ id: 'Me' });
