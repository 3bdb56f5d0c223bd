import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebGateway, type WebGateway } from '@videoforge/local';

/**
 * The web image's nginx (web/nginx) must answer like the local gateway `npm start` serves the app
 * with: the same security headers and the same caching. nginx's configuration is read as text (no
 * nginx here); the gateway is run and asked.
 */
const repo = fileURLToPath(new URL('../../../', import.meta.url));
const nginxConf = readFileSync(path.join(repo, 'web/nginx/nginx.conf'), 'utf8');
const headersTemplate = readFileSync(
  path.join(repo, 'web/nginx/templates/security-headers.conf.template'),
  'utf8',
);
const MEDIA_ORIGIN = 'https://videoforge-prod-123456789012.s3.us-east-1.amazonaws.com';

/** What the entrypoint's envsubst makes of the template: `name -> value` of each add_header. */
function nginxSecurityHeaders(mediaOrigin: string): Record<string, string> {
  const rendered = headersTemplate.replaceAll('${WEB_MEDIA_ORIGIN}', mediaOrigin);
  return Object.fromEntries(
    [...rendered.matchAll(/^add_header ([\w-]+) "([^"]*)" always;$/gm)].map((m) => [
      m[1]!.toLowerCase(),
      m[2]!,
    ]),
  );
}

function nginxCacheControl(location: string): string | undefined {
  const block = new RegExp(`location ${location} \\{([^}]*)\\}`).exec(nginxConf)?.[1];
  return block && /add_header Cache-Control "([^"]*)";/.exec(block)?.[1];
}

let gateway: WebGateway;
beforeAll(async () => {
  const webRoot = mkdtempSync(path.join(tmpdir(), 'videoforge-web-'));
  mkdirSync(path.join(webRoot, 'assets'));
  writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>VideoForge</title>');
  writeFileSync(path.join(webRoot, 'assets', 'index-abc123.js'), 'export {};');
  gateway = await startWebGateway({
    port: 0,
    apiUrl: 'http://127.0.0.1:9',
    adminUrl: 'http://127.0.0.1:9',
    webRoot,
    mediaOrigin: MEDIA_ORIGIN,
  });
});
afterAll(() => gateway?.close());

describe("the web image's headers", () => {
  it('are the local gateway security headers, with the same Content-Security-Policy', async () => {
    const response = await fetch(`${gateway.url}/library`);
    const expected = nginxSecurityHeaders(MEDIA_ORIGIN);
    expect(Object.keys(expected).sort()).toEqual([
      'content-security-policy',
      'referrer-policy',
      'x-content-type-options',
      'x-frame-options',
    ]);
    // nginx leaves a space where an empty origin would go; the policy's words are the same.
    const words = (policy: string | null) => policy?.replace(/\s+;/g, ';').trim();
    for (const [name, value] of Object.entries(expected)) {
      expect(words(response.headers.get(name)), name).toBe(words(value));
    }
  });

  it('cache like the gateway: hashed assets for a year, the app shell revalidated', async () => {
    const asset = await fetch(`${gateway.url}/assets/index-abc123.js`);
    expect(nginxCacheControl('/assets/')).toBe(asset.headers.get('cache-control'));
    const shell = await fetch(`${gateway.url}/videos/123`);
    expect(await shell.text()).toContain('<title>VideoForge</title>');
    expect(nginxCacheControl('/')).toBe(shell.headers.get('cache-control'));
  });
});
