import { api, call } from './client.ts';
import { setAccessToken } from './session.ts';

// The auth routes answer 401 for bad credentials: no refresh-and-retry there.
const once = false;

export const signUp = (email: string, password: string) =>
  call(() => api.POST('/api/auth/signup', { body: { email, password } }), once);

export const confirmSignUp = (email: string, code: string) =>
  call(() => api.POST('/api/auth/confirm', { body: { email, code } }), once);

/** Keeps only the access token, in memory; the server sets the refresh cookie itself. */
export async function logIn(email: string, password: string): Promise<void> {
  const tokens = await call(() => api.POST('/api/auth/login', { body: { email, password } }), once);
  setAccessToken(tokens.accessToken);
}

export async function logOut(): Promise<void> {
  try {
    await call(() => api.POST('/api/auth/logout', { body: {} }), once);
  } finally {
    setAccessToken(undefined);
  }
}

export const forgotPassword = (email: string) =>
  call(() => api.POST('/api/auth/forgot-password', { body: { email } }), once);

export const resetPassword = (email: string, code: string, password: string) =>
  call(() => api.POST('/api/auth/reset-password', { body: { email, code, password } }), once);

export const getMe = () => call(() => api.GET('/api/me'));
