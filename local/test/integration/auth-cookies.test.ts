import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';

/**
 * Browser-safe tokens: the refresh token also travels in an httpOnly, SameSite=Strict cookie
 * scoped to /api/auth; a refresh by cookie never hands the token to page scripts; logout revokes
 * it and clears the cookie. curl clients keep the JSON tokens they always had.
 */

const PASSWORD = 'Passw0rd!-long';
let users = 0;

interface Answer {
  status: number;
  body: Record<string, unknown>;
  setCookies: string[];
}

async function post(
  baseUrl: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
    setCookies: response.headers.getSetCookie(),
  };
}

/** `vf_refresh=<value>; Path=…; …` -> its value and its attributes, lower-cased. */
function parseSetCookie(header: string) {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  const [name, ...value] = pair.split('=');
  return {
    name,
    value: decodeURIComponent(value.join('=')),
    attributes: attributes.map((a) => a.toLowerCase()),
  };
}

function refreshCookie(answer: Answer) {
  const header = answer.setCookies.find((c) => c.startsWith('vf_refresh='));
  if (!header) throw new Error(`no vf_refresh cookie in ${JSON.stringify(answer.setCookies)}`);
  return parseSetCookie(header);
}

describe('refresh token in an httpOnly cookie', () => {
  let pipeline: Pipeline;
  let api: string;

  async function newAccount(): Promise<string> {
    const email = `cookie${++users}-${Date.now()}@example.com`;
    await new ApiClient(api).expect(201, 'POST', '/api/auth/signup', { email, password: PASSWORD });
    return email;
  }

  beforeAll(async () => {
    // One trusted hop, as behind the ALB: the forwarded host and scheme then count.
    pipeline = await startPipeline({
      transcoder: false,
      memcached: false,
      apiEnv: { TRUSTED_PROXY_HOPS: '1' },
    });
    api = pipeline.api.url;
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('login sets the cookie httpOnly, SameSite=Strict, on /api/auth, and keeps the JSON tokens', async () => {
    const email = await newAccount();
    const login = await post(api, '/api/auth/login', { email, password: PASSWORD });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({
      accessToken: expect.any(String),
      idToken: expect.any(String),
      refreshToken: expect.any(String),
      expiresIn: expect.any(Number),
    });
    const cookie = refreshCookie(login);
    expect(cookie.value).toBe(login.body.refreshToken);
    expect(cookie.attributes).toEqual(
      expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/auth']),
    );
    expect(cookie.attributes.some((a) => a.startsWith('max-age='))).toBe(true);
    // Plain http on this machine: a Secure cookie would be dropped by the browser.
    expect(cookie.attributes).not.toContain('secure');
  });

  it('marks the cookie Secure for any other host, and over https', async () => {
    const email = await newAccount();
    const credentials = { email, password: PASSWORD };
    const otherHost = await post(api, '/api/auth/login', credentials, {
      'x-forwarded-host': 'videos.example.com',
    });
    expect(refreshCookie(otherHost).attributes).toContain('secure');
    const overHttps = await post(api, '/api/auth/login', credentials, {
      'x-forwarded-proto': 'https',
    });
    expect(refreshCookie(overHttps).attributes).toContain('secure');
  });

  it('refreshes by cookie without putting the refresh token in the body', async () => {
    const email = await newAccount();
    const login = await post(api, '/api/auth/login', { email, password: PASSWORD });
    const cookie = refreshCookie(login);
    const refreshed = await post(api, '/api/auth/refresh', undefined, {
      cookie: `other=1; vf_refresh=${encodeURIComponent(cookie.value)}`,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.accessToken).toEqual(expect.any(String));
    expect(refreshed.body).not.toHaveProperty('refreshToken');
    expect(refreshCookie(refreshed).value).toBe(cookie.value);

    const me = await new ApiClient(api, String(refreshed.body.accessToken)).expect<{
      email: string;
    }>(200, 'GET', '/api/me');
    expect(me.email).toBe(email);
  });

  it('refuses the cookie when the browser says the request comes from another origin', async () => {
    const email = await newAccount();
    const login = await post(api, '/api/auth/login', { email, password: PASSWORD });
    const cookie = `vf_refresh=${encodeURIComponent(refreshCookie(login).value)}`;
    const host = new URL(api).host;
    const sibling = await post(api, '/api/auth/refresh', undefined, {
      cookie,
      origin: 'https://evil.example.com',
    });
    expect(sibling.status).toBe(403);
    expect(sibling.body).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const logout = await post(api, '/api/auth/logout', undefined, {
      cookie,
      origin: 'https://evil.example.com',
    });
    expect(logout.status).toBe(403);
    // Still valid: the refused logout revoked nothing.
    const own = await post(api, '/api/auth/refresh', undefined, {
      cookie,
      origin: `http://${host}`,
    });
    expect(own.status).toBe(200);
  });

  it('still refreshes from the JSON body for curl clients', async () => {
    const email = await newAccount();
    const login = await post(api, '/api/auth/login', { email, password: PASSWORD });
    const refreshed = await post(api, '/api/auth/refresh', {
      refreshToken: login.body.refreshToken,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refreshToken).toBe(login.body.refreshToken);
  });

  it('answers 401 in the SPEC shape when there is no refresh token at all', async () => {
    const answer = await post(api, '/api/auth/refresh');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({
      error: expect.objectContaining({ code: 'UNAUTHORIZED', message: expect.any(String) }),
    });
  });

  it('logout revokes the token and clears the cookie', async () => {
    const email = await newAccount();
    const login = await post(api, '/api/auth/login', { email, password: PASSWORD });
    const cookieHeader = `vf_refresh=${encodeURIComponent(refreshCookie(login).value)}`;

    const logout = await post(api, '/api/auth/logout', undefined, { cookie: cookieHeader });
    expect(logout.status).toBe(204);
    const cleared = refreshCookie(logout);
    expect(cleared.value).toBe('');
    expect(cleared.attributes).toEqual(
      expect.arrayContaining(['path=/api/auth', 'httponly', 'samesite=strict']),
    );
    expect(cleared.attributes.some((a) => a.startsWith('expires=thu, 01 jan 1970'))).toBe(true);

    const again = await post(api, '/api/auth/refresh', undefined, { cookie: cookieHeader });
    expect(again.status).toBe(401);
    const byBody = await post(api, '/api/auth/refresh', { refreshToken: login.body.refreshToken });
    expect(byBody.status).toBe(401);
  });

  it('logout without any token still clears the cookie', async () => {
    const logout = await post(api, '/api/auth/logout');
    expect(logout.status).toBe(204);
    expect(refreshCookie(logout).value).toBe('');
  });
});
