import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@videoforge/testkit';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { LogCapture } from './helpers.ts';
import type { ErrorJson } from './support.ts';

/**
 * Forgot password over Cognito's ForgotPassword / ConfirmForgotPassword. Locally no mail leaves the
 * machine: the emulator's code is printed in the log, where this test (like a developer) reads it.
 */

const OLD_PASSWORD = 'Old-Passw0rd!-long';
const NEW_PASSWORD = 'New-Passw0rd!-long';
const LIMIT = 8;
let accounts = 0;
let addresses = 0;

describe('forgot password and reset', () => {
  let pipeline: Pipeline;
  const log = new LogCapture();

  const client = (forwardedFor = `198.51.100.${++addresses}`) => {
    const api = new ApiClient(pipeline.api.url);
    return {
      post: async (path: string, body: unknown) => {
        const response = await fetch(`${api.baseUrl}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
          body: JSON.stringify(body),
        });
        const text = await response.text();
        return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
      },
    };
  };

  async function newAccount(): Promise<string> {
    const email = `reset${++accounts}-${Date.now()}@example.com`;
    const signUp = await client().post('/api/auth/signup', { email, password: OLD_PASSWORD });
    expect(signUp.status).toBe(201);
    return email;
  }

  async function resetCodeFor(email: string): Promise<string> {
    const line = await log.waitFor(
      (l) => l.component === 'cognito' && l.email === email && 'passwordResetCode' in l,
    );
    expect(line.msg).toBe(`password reset code for ${email}: ${String(line.passwordResetCode)}`);
    return String(line.passwordResetCode);
  }

  beforeAll(async () => {
    pipeline = await startPipeline({
      transcoder: false,
      memcached: false,
      logger: log.logger,
      apiEnv: { RATE_LIMIT_AUTH_PER_MINUTE: String(LIMIT), TRUSTED_PROXY_HOPS: '1' },
    });
  });
  afterAll(async () => {
    await pipeline?.stop();
  });

  it('resets with the emailed code: the new password logs in, the old one no longer does', async () => {
    const email = await newAccount();
    const http = client();
    expect((await http.post('/api/auth/forgot-password', { email })).status).toBe(202);
    const code = await resetCodeFor(email);
    expect(code).toMatch(/^\d{6}$/);

    const reset = await http.post('/api/auth/reset-password', {
      email,
      code,
      password: NEW_PASSWORD,
    });
    expect(reset.status).toBe(204);

    expect((await http.post('/api/auth/login', { email, password: NEW_PASSWORD })).status).toBe(
      200,
    );
    expect((await http.post('/api/auth/login', { email, password: OLD_PASSWORD })).status).toBe(
      401,
    );
  });

  it('answers an unknown address exactly like a known one (202, no body)', async () => {
    const known = await client().post('/api/auth/forgot-password', { email: await newAccount() });
    const unknown = await client().post('/api/auth/forgot-password', {
      email: `nobody-${Date.now()}@example.com`,
    });
    expect(unknown).toEqual(known);
    expect(unknown).toEqual({ status: 202, body: undefined });
  });

  it('refuses a wrong code with a SPEC 400 naming the code, and the password stays', async () => {
    const email = await newAccount();
    const http = client();
    await http.post('/api/auth/forgot-password', { email });
    const code = await resetCodeFor(email);
    const wrong = code === '000000' ? '111111' : '000000';
    const reset = await http.post('/api/auth/reset-password', {
      email,
      code: wrong,
      password: NEW_PASSWORD,
    });
    expect(reset.status).toBe(400);
    expect((reset.body as ErrorJson).error).toMatchObject({
      code: 'VALIDATION_FAILED',
      field: 'code',
    });
    expect((await http.post('/api/auth/login', { email, password: OLD_PASSWORD })).status).toBe(
      200,
    );
  });

  it('refuses an unknown address at reset like a wrong code', async () => {
    const reset = await client().post('/api/auth/reset-password', {
      email: `nobody-${Date.now()}@example.com`,
      code: '123456',
      password: NEW_PASSWORD,
    });
    expect(reset.status).toBe(400);
    expect((reset.body as ErrorJson).error).toMatchObject({ field: 'code' });
  });

  it('validates the bodies: a missing email is a 400 naming the field', async () => {
    const answer = await client().post('/api/auth/forgot-password', {});
    expect(answer.status).toBe(400);
    expect((answer.body as ErrorJson).error).toMatchObject({ field: 'email' });
  });

  it('is rate-limited per client address like the other auth routes', async () => {
    const http = client();
    const statuses: number[] = [];
    for (let i = 0; i <= LIMIT; i++) {
      const answer = await http.post('/api/auth/forgot-password', {
        email: `flood-${i}@example.com`,
      });
      statuses.push(answer.status);
    }
    expect(statuses.slice(0, LIMIT).every((s) => s === 202)).toBe(true);
    expect(statuses[LIMIT]).toBe(429);
  });
});
