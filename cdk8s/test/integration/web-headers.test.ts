import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebGateway, type WebGateway } from '@videoforge/local';
import { startWebNginx, webRootFixture, type WebNginx } from '../support/web-nginx.ts';

/**
 * The web image's nginx (web/nginx) must answer like the local gateway `npm start` serves the app
 * with: the same security headers and the same caching. Both run over the same build and are asked.
 */
const MEDIA_ORIGIN = 'https://videoforge-prod-123456789012.s3.us-east-1.amazonaws.com';
const SECURITY_HEADERS = [
  'content-security-policy',
  'referrer-policy',
  'x-content-type-options',
  'x-frame-options',
];

let gateway: WebGateway;
let nginx: WebNginx;
beforeAll(async () => {
  const webRoot = webRootFixture();
  gateway = await startWebGateway({
    port: 0,
    apiUrl: 'http://127.0.0.1:9',
    adminUrl: 'http://127.0.0.1:9',
    webRoot,
    mediaOrigin: MEDIA_ORIGIN,
  });
  nginx = await startWebNginx(webRoot, { WEB_MEDIA_ORIGIN: MEDIA_ORIGIN });
});
afterAll(async () => {
  await nginx?.stop();
  await gateway?.close();
});

/** The same request to both. */
const both = (path: string) =>
  Promise.all([fetch(`${nginx.url}${path}`), fetch(`${gateway.url}${path}`)]);

describe("the web image's headers", () => {
  it('are the local gateway security headers, with the same Content-Security-Policy', async () => {
    for (const path of ['/library', '/assets/index-abc123.js']) {
      const [fromNginx, fromGateway] = await both(path);
      for (const name of SECURITY_HEADERS) {
        expect(fromNginx.headers.get(name), `${path} ${name}`).toBeTruthy();
        expect(fromNginx.headers.get(name), `${path} ${name}`).toBe(fromGateway.headers.get(name));
      }
    }
  });

  it('cache like the gateway: hashed assets for a year, the app shell revalidated', async () => {
    for (const path of ['/assets/index-abc123.js', '/videos/123', '/']) {
      const [fromNginx, fromGateway] = await both(path);
      expect(fromNginx.status, path).toBe(200);
      expect(fromNginx.headers.get('cache-control'), path).toBe(
        fromGateway.headers.get('cache-control'),
      );
    }
    const [shell] = await both('/videos/123');
    expect(await shell.text()).toContain('<title>VideoForge</title>');
  });

  it('answer a missing hashed asset 404 like the gateway, never index.html', async () => {
    const [fromNginx, fromGateway] = await both('/assets/index-old999.js');
    expect(fromNginx.status).toBe(404);
    expect(fromGateway.status).toBe(404);
    expect(fromNginx.headers.get('cache-control')).toBeNull();
  });
});
