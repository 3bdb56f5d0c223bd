import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startRecordingUpstream,
  upstreamHeaders,
  type RecordingUpstream,
} from '../support/recording-upstream.ts';
import {
  runApiProxyScript,
  startWebNginx,
  webRootFixture,
  type WebNginx,
} from '../support/web-nginx.ts';

/**
 * The web image's nginx with its optional API proxy (web/nginx/api-proxy, on for kind), run for
 * real in front of two Node servers standing in for the api and admin services: it must route as
 * the ALB does and forward as the local gateway does, and keep its static headers off API answers.
 */
const MEDIA_ORIGIN = 'http://videoforge-local-stack:4566';
const STATIC_ONLY = [
  'content-security-policy',
  'x-frame-options',
  'x-content-type-options',
  'referrer-policy',
];

let api: RecordingUpstream;
let admin: RecordingUpstream;
let proxying: WebNginx;
const webRoot = webRootFixture();

beforeAll(async () => {
  [api, admin] = await Promise.all([
    startRecordingUpstream('api'),
    startRecordingUpstream('admin'),
  ]);
  proxying = await startWebNginx(webRoot, {
    WEB_MEDIA_ORIGIN: MEDIA_ORIGIN,
    WEB_API_UPSTREAM: api.origin,
    WEB_ADMIN_UPSTREAM: admin.origin,
  });
});
afterAll(async () => {
  await proxying?.stop();
  await Promise.all([api?.close(), admin?.close()]);
});

const lastRequest = (upstream: RecordingUpstream) => upstream.requests.at(-1);

describe('the web image with the API proxy on', () => {
  it('still serves the app: index.html for / and deep links, revalidated, with the CSP', async () => {
    for (const page of ['/', '/videos/123']) {
      const response = await fetch(`${proxying.url}${page}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>VideoForge</title>');
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain(
        `connect-src 'self' ${MEDIA_ORIGIN}`,
      );
    }
  });

  it('caches hashed assets for a year and answers a missing one 404, uncached', async () => {
    const asset = await fetch(`${proxying.url}/assets/index-abc123.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const missing = await fetch(`${proxying.url}/assets/index-old999.js`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBeNull();
  });

  it('sends /api calls to the api with the method, path, query and body intact', async () => {
    const body = JSON.stringify({ title: 'Holiday', sizeBytes: 123 });
    const response = await fetch(`${proxying.url}/api/videos?draft=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer token-1' },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ upstream: 'api', unavailable: false });
    expect(lastRequest(api)).toMatchObject({
      method: 'POST',
      url: '/api/videos?draft=1',
      body,
      headers: { 'content-type': 'application/json', authorization: 'Bearer token-1' },
    });
  });

  it('forwards as the ALB and the local gateway do: Host kept, one hop added to X-Forwarded-For', async () => {
    await fetch(`${proxying.url}/api/me`, { headers: { 'x-forwarded-for': '203.0.113.9' } });
    const host = `127.0.0.1:${proxying.port}`;
    expect(lastRequest(api)?.headers).toMatchObject({
      host,
      'x-forwarded-host': host,
      'x-forwarded-proto': 'http',
      // The services trust one hop (TRUSTED_PROXY_HOPS=1): the address nginx saw is the last.
      'x-forwarded-for': '203.0.113.9, 127.0.0.1',
    });
  });

  it('overwrites an X-Forwarded-Host the client sends: the api reads the host name from it', async () => {
    await fetch(`${proxying.url}/api/me`, { headers: { 'x-forwarded-host': 'evil.example' } });
    expect(lastRequest(api)?.headers['x-forwarded-host']).toBe(`127.0.0.1:${proxying.port}`);
  });

  it('streams a chunked request body through to the service', async () => {
    const parts = ['{"parts":[', '1,2,3', ']}'];
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
        controller.close();
      },
    });
    const response = await fetch(`${proxying.url}/api/videos/v1/upload/parts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(200);
    expect(lastRequest(api)?.body).toBe(parts.join(''));
  });

  it('routes like the ALB: /api/admin and below to admin, any other /api path to the api', async () => {
    const routes: [string, RecordingUpstream][] = [
      ['/api/admin/stats', admin],
      ['/api/admin', admin],
      ['/api', api],
      ['/api/adminx', api],
      ['/api/videos/v1', api],
    ];
    for (const [route, upstream] of routes) {
      const response = await fetch(`${proxying.url}${route}`);
      expect(response.headers.get('x-upstream'), route).toBe(upstream === admin ? 'admin' : 'api');
      expect(lastRequest(upstream)?.url, route).toBe(route);
    }
  });

  it("passes the service's headers on, and none of the static ones", async () => {
    for (const route of ['/api/videos', '/api/admin/stats']) {
      const response = await fetch(`${proxying.url}${route}`);
      const name = route.startsWith('/api/admin') ? 'admin' : 'api';
      const expected = upstreamHeaders(name);
      for (const [header, value] of Object.entries(expected)) {
        expect(response.headers.get(header), `${route} ${header}`).toBe(value);
      }
      for (const header of STATIC_ONLY) {
        expect(response.headers.get(header), `${route} ${header}`).toBeNull();
      }
    }
  });

  it("passes a service's own error answer on unchanged", async () => {
    const response = await fetch(`${proxying.url}/api/videos/unavailable`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ upstream: 'api', unavailable: true });
  });
});

describe('the web image with the API proxy on and a service down', () => {
  it("answers 502 in the API's error shape", async () => {
    const down = await startRecordingUpstream('down');
    const deadOrigin = down.origin;
    await down.close();
    const nginx = await startWebNginx(webRoot, {
      WEB_MEDIA_ORIGIN: MEDIA_ORIGIN,
      WEB_API_UPSTREAM: api.origin,
      WEB_ADMIN_UPSTREAM: deadOrigin,
    });
    try {
      const response = await fetch(`${nginx.url}/api/admin/stats`);
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(await response.json()).toEqual({
        error: { code: 'BAD_GATEWAY', message: 'the service did not answer' },
      });
    } finally {
      await nginx.stop();
    }
  });
});

describe('the web image with the API proxy off (the default)', () => {
  it('answers /api paths with the app, never reaching a service', async () => {
    const nginx = await startWebNginx(webRoot, { WEB_MEDIA_ORIGIN: MEDIA_ORIGIN });
    const seen = api.requests.length + admin.requests.length;
    try {
      for (const route of ['/api/x', '/api/admin/stats']) {
        const response = await fetch(`${nginx.url}${route}`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/html/);
        expect(response.headers.get('cache-control')).toBe('no-cache');
      }
      expect(api.requests.length + admin.requests.length).toBe(seen);
    } finally {
      await nginx.stop();
    }
  });
});

describe("the image's API proxy script", () => {
  const output = () => mkdtempSync(path.join(tmpdir(), 'videoforge-api-proxy-'));

  it('writes only a comment when neither upstream is set, and the locations when both are', () => {
    const empty = { WEB_API_UPSTREAM: '', WEB_ADMIN_UPSTREAM: '' };
    expect(runApiProxyScript(output(), empty)).not.toContain('location');
    const on = runApiProxyScript(output(), {
      WEB_API_UPSTREAM: 'http://videoforge-api:8080',
      WEB_ADMIN_UPSTREAM: 'http://videoforge-admin:8080',
    });
    expect(on).toContain('location /api/admin/ {');
    expect(on).toContain('proxy_pass http://videoforge-admin:8080;');
    expect(on).toContain('proxy_pass http://videoforge-api:8080;');
    expect(on).not.toContain('${');
  });

  it('refuses one upstream without the other, and an upstream with a path', () => {
    expect(() =>
      runApiProxyScript(output(), { WEB_API_UPSTREAM: 'http://videoforge-api:8080' }),
    ).toThrow(/both WEB_API_UPSTREAM and WEB_ADMIN_UPSTREAM/);
    expect(() =>
      runApiProxyScript(output(), {
        WEB_API_UPSTREAM: 'http://videoforge-api:8080/v1',
        WEB_ADMIN_UPSTREAM: 'http://videoforge-admin:8080',
      }),
    ).toThrow(/WEB_API_UPSTREAM must be an origin/);
  });
});
