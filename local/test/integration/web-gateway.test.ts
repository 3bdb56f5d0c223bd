import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '@videoforge/testkit';
import { startWebGateway, type WebGateway } from '../../src/index.ts';
import { startPipeline, type Pipeline } from '../../src/pipeline.ts';
import { adminClient, tempDir } from './support.ts';

/**
 * The same-origin gateway of `npm start` (:3000): the web app's files with production caching and
 * CSP, `/api/admin/*` to admin and `/api/*` to the api, as the ALB routes them.
 */

const INDEX = '<!doctype html><title>VideoForge</title><div id="root"></div>';
const ASSET = 'console.log("app");';
const SECRET = 'not for browsers';

describe('web gateway', () => {
  let pipeline: Pipeline;
  let gateway: WebGateway;
  let webRoot: { path: string; remove: () => Promise<void> };
  let dist: string;

  beforeAll(async () => {
    webRoot = await tempDir();
    // A file beside the build, that no request may reach.
    await writeFile(path.join(webRoot.path, 'secret.txt'), SECRET);
    dist = path.join(webRoot.path, 'dist');
    await mkdir(path.join(dist, 'assets'), { recursive: true });
    await writeFile(path.join(dist, 'index.html'), INDEX);
    await writeFile(path.join(dist, 'assets', 'index-3f9a1c.js'), ASSET);
    await writeFile(path.join(dist, 'favicon.svg'), '<svg/>');
    pipeline = await startPipeline({ transcoder: false, memcached: false });
    gateway = await startWebGateway({
      port: 0,
      apiUrl: pipeline.api.url,
      adminUrl: pipeline.admin.url,
      webRoot: dist,
      mediaOrigin: pipeline.stack.endpoints.aws,
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await pipeline?.stop();
    await webRoot?.remove();
  });

  it('serves index.html uncached, with a CSP that allows only itself and the S3 origin', async () => {
    const response = await fetch(`${gateway.url}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.text()).toBe(INDEX);

    const s3 = new URL(pipeline.stack.endpoints.aws).origin;
    const csp = Object.fromEntries(
      (response.headers.get('content-security-policy') ?? '').split('; ').map((directive) => {
        const [name = '', ...sources] = directive.split(' ');
        return [name, sources];
      }),
    );
    expect(csp['default-src']).toEqual(["'self'"]);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['connect-src']).toEqual(["'self'", s3]);
    expect(csp['media-src']).toEqual(["'self'", 'blob:', s3]);
    expect(csp['img-src']).toEqual(["'self'", 'data:', 'blob:', s3]);
    expect(csp['object-src']).toEqual(["'none'"]);
    expect(csp['frame-ancestors']).toEqual(["'none'"]);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('caches hashed assets for a year as immutable, other files not', async () => {
    const asset = await fetch(`${gateway.url}/assets/index-3f9a1c.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await asset.text()).toBe(ASSET);

    const icon = await fetch(`${gateway.url}/favicon.svg`);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(icon.headers.get('cache-control')).toBe('no-cache');
    await icon.body?.cancel();
  });

  it("answers the app's own routes with index.html, but a missing asset with 404", async () => {
    const deepLink = await fetch(`${gateway.url}/videos/1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed`);
    expect(deepLink.status).toBe(200);
    expect(deepLink.headers.get('cache-control')).toBe('no-cache');
    expect(await deepLink.text()).toBe(INDEX);

    const stale = await fetch(`${gateway.url}/assets/index-old.js`);
    expect(stale.status).toBe(404);
    await stale.body?.cancel();
  });

  it('never serves a file from outside the web root', async () => {
    for (const probe of [
      '/..%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
    ]) {
      const response = await fetch(`${gateway.url}${probe}`);
      expect(await response.text()).not.toContain(SECRET);
    }
  });

  it('sends /api/* to the api, keeping Set-Cookie (not Secure on localhost)', async () => {
    const viaGateway = new ApiClient(gateway.url);
    const email = `gateway-${Date.now()}@example.com`;
    await viaGateway.expect(201, 'POST', '/api/auth/signup', { email, password: 'Passw0rd!-long' });
    const login = await fetch(`${gateway.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'Passw0rd!-long' }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers.getSetCookie().find((c) => c.startsWith('vf_refresh='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).not.toMatch(/Secure/i);
    const { accessToken } = (await login.json()) as { accessToken: string };

    const me = await new ApiClient(gateway.url, accessToken).expect<{ email: string }>(
      200,
      'GET',
      '/api/me',
    );
    expect(me.email).toBe(email);

    // A browser on the gateway's origin refreshes by cookie: the Host it used reaches the api.
    const refreshed = await fetch(`${gateway.url}/api/auth/refresh`, {
      method: 'POST',
      headers: { cookie: (cookie ?? '').split(';')[0] ?? '', origin: gateway.url },
    });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).not.toHaveProperty('refreshToken');

    const unknown = await fetch(`${gateway.url}/api/no-such-route`);
    expect(unknown.status).toBe(401);
    expect(await unknown.json()).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
  });

  it('sends /api/admin/* to the admin service', async () => {
    const operator = await adminClient(pipeline);
    const viaGateway = new ApiClient(gateway.url, operator.token);
    const stats = await viaGateway.expect<{ totalVideos: number }>(200, 'GET', '/api/admin/stats');
    expect(typeof stats.totalVideos).toBe('number');
    const document = await new ApiClient(gateway.url).expect<{ info: { title: string } }>(
      200,
      'GET',
      '/api/admin/openapi.json',
    );
    expect(document.info.title).toBe('VideoForge admin API');
  });

  it('answers 502 in the SPEC shape when a service is down', async () => {
    const orphan = await startWebGateway({
      port: 0,
      apiUrl: 'http://127.0.0.1:9',
      adminUrl: 'http://127.0.0.1:9',
      webRoot: dist,
    });
    try {
      const response = await fetch(`${orphan.url}/api/me`);
      expect(response.status).toBe(502);
      expect(await response.json()).toMatchObject({ error: { code: 'BAD_GATEWAY' } });
    } finally {
      await orphan.close();
    }
  });
});
