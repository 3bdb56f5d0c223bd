import type { Request, Response } from 'express';
import { ForbiddenError } from '@videoforge/core';

/**
 * The refresh token's cookie (OWASP session management): httpOnly so page scripts never read it,
 * SameSite=Strict so no other site's request carries it, and scoped to the auth routes only.
 * No `__Host-` prefix: that requires Path=/, and this cookie is for /api/auth alone.
 */
export const REFRESH_COOKIE = 'vf_refresh';
const COOKIE_PATH = '/api/auth';
/** Cognito's default refresh token lifetime: the cookie never outlives the token. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Secure everywhere except plain http on this machine, where browsers would drop it. */
function isSecureContext(req: Request): boolean {
  return req.secure || !LOOPBACK_HOSTS.has(req.hostname);
}

function cookieOptions(req: Request) {
  return {
    httpOnly: true,
    secure: isSecureContext(req),
    sameSite: 'strict' as const,
    path: COOKIE_PATH,
  };
}

export function setRefreshCookie(req: Request, res: Response, refreshToken: string): void {
  res.cookie(REFRESH_COOKIE, refreshToken, { ...cookieOptions(req), maxAge: MAX_AGE_MS });
}

export function clearRefreshCookie(req: Request, res: Response): void {
  res.clearCookie(REFRESH_COOKIE, cookieOptions(req));
}

/**
 * The refresh token from the cookie, for a request from this origin only. SameSite=Strict already
 * keeps other sites' requests from carrying it; a page on a sibling subdomain is the same site,
 * though, so a browser's Origin header naming another host is refused too (OWASP CSRF, defence in depth).
 */
export function refreshCookieFromSameOrigin(req: Request): string | undefined {
  const token = refreshCookieOf(req);
  const origin = req.get('origin');
  if (token && origin && hostOf(origin) !== req.host) {
    throw new ForbiddenError('the refresh cookie is only accepted from this origin');
  }
  return token;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function refreshCookieOf(req: Request): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === REFRESH_COOKIE) {
      const value = pair.slice(at + 1).trim();
      return value ? safeDecode(value) : undefined;
    }
  }
  return undefined;
}

function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}
