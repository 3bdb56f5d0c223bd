/**
 * The access token lives in memory only (never localStorage, where any injected script could read
 * it); the refresh token is an httpOnly cookie the browser sends to /api/auth/refresh on its own.
 */
type Listener = (token: string | undefined) => void;

let accessToken: string | undefined;
const listeners = new Set<Listener>();

export function currentAccessToken(): string | undefined {
  return accessToken;
}

export function setAccessToken(token: string | undefined): void {
  accessToken = token;
  for (const listener of listeners) listener(token);
}

export function onAccessTokenChange(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
