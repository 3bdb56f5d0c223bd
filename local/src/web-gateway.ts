import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { closeServer, listenOnLoopback } from './net.ts';

export interface WebGatewayOptions {
  /** 0 picks a free port. */
  port: number;
  /** Where `/api/*` goes (the api service), e.g. http://127.0.0.1:8080. */
  apiUrl: string;
  /** Where `/api/admin/*` goes (the admin service). */
  adminUrl: string;
  /** The web app's build output (web/dist). */
  webRoot: string;
  /** The S3 endpoint's origin: players, posters and uploads talk to it straight from the page. */
  mediaOrigin?: string;
}

export interface WebGateway {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The browser's single origin, as the ALB is in a cluster: `/api/admin/*` to admin, `/api/*` to the
 * api (streamed both ways, every header kept, Set-Cookie included), anything else from the web
 * app's build, with unknown paths answered by index.html so the app's own router takes them.
 */
export async function startWebGateway(options: WebGatewayOptions): Promise<WebGateway> {
  const root = path.resolve(options.webRoot);
  const headers = staticHeaders(options.mediaOrigin);
  const server = http.createServer((req, res) => {
    const target = upstreamFor(req.url ?? '/', options);
    const handled = target ? proxy(req, res, target) : serveStatic(req, res, root, headers);
    handled.catch(() => {
      if (!res.headersSent) sendError(res, 502, 'BAD_GATEWAY', 'the service did not answer');
      else res.destroy();
    });
  });
  const port = await listenOnLoopback(server, options.port, 'web gateway');
  return {
    url: `http://localhost:${port}`,
    close: async () => {
      server.closeAllConnections();
      await closeServer(server);
    },
  };
}

function upstreamFor(url: string, options: WebGatewayOptions): string | undefined {
  const pathname = url.split('?')[0] ?? '/';
  const under = (prefix: string) => pathname === prefix || pathname.startsWith(`${prefix}/`);
  if (under('/api/admin')) return options.adminUrl;
  if (under('/api')) return options.apiUrl;
  return undefined;
}

/** Headers that describe one connection, not the message: never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
]);

function endToEnd(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name.toLowerCase())),
  );
}

async function proxy(req: IncomingMessage, res: ServerResponse, upstream: string): Promise<void> {
  const target = new URL(req.url ?? '/', upstream);
  const forwarded = req.socket.remoteAddress ?? '';
  const upstreamReq = http.request(target, {
    method: req.method,
    // The Host the browser used stays: the api decides cookie attributes from it.
    headers: {
      ...endToEnd(req.headers),
      'x-forwarded-for': [req.headers['x-forwarded-for'], forwarded].filter(Boolean).join(', '),
      'x-forwarded-proto': 'http',
    },
  });
  const answered = new Promise<IncomingMessage>((resolve, reject) => {
    upstreamReq.once('response', resolve);
    upstreamReq.once('error', reject);
  });
  // Settled by whichever of the two awaits below sees the failure first.
  answered.catch(() => undefined);
  // The browser went away (a cancelled upload): stop the upstream work too.
  res.once('close', () => {
    if (!res.writableFinished) upstreamReq.destroy();
  });
  await pipeline(req, upstreamReq);
  const upstreamRes = await answered;
  res.writeHead(upstreamRes.statusCode ?? 502, endToEnd(upstreamRes.headers));
  await pipeline(upstreamRes, res);
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Only what the app needs: its own origin for code, the api and styles; the S3 origin for media,
 * posters and uploads; blob: where hls.js feeds Media Source Extensions and runs its worker.
 */
export function contentSecurityPolicy(mediaOrigin?: string): string {
  const media = mediaOrigin ? ` ${new URL(mediaOrigin).origin}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Component styles set at run time; scripts stay strictly 'self'.
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: blob:${media}`,
    `media-src 'self' blob:${media}`,
    `connect-src 'self'${media}`,
    "worker-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function staticHeaders(mediaOrigin?: string): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(mediaOrigin),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  root: string,
  headers: Record<string, string>,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('allow', 'GET, HEAD');
    sendError(res, 405, 'METHOD_NOT_ALLOWED', 'only GET and HEAD are served here');
    return;
  }
  const pathname = safePathname(req.url ?? '/');
  const file = pathname && (await fileUnder(root, pathname));
  if (file) {
    await sendFile(req, res, file, { ...headers, 'cache-control': cacheControlFor(pathname) });
    return;
  }
  // A missing hashed asset is a stale page asking for an old build: say so, never send HTML.
  if (!pathname || pathname.startsWith('/assets/')) {
    sendError(res, 404, 'NOT_FOUND', 'no such file');
    return;
  }
  const index = await fileUnder(root, '/index.html');
  if (!index) {
    sendError(res, 404, 'NOT_FOUND', 'the web app is not built: npm run build -w web');
    return;
  }
  await sendFile(req, res, index, { ...headers, 'cache-control': 'no-cache' });
}

function cacheControlFor(pathname: string): string {
  return pathname.startsWith('/assets/') ? IMMUTABLE : 'no-cache';
}

/** The decoded path, or undefined when it is malformed or tries to climb out of the root. */
function safePathname(url: string): string | undefined {
  try {
    const decoded = decodeURIComponent(new URL(url, 'http://gateway').pathname);
    if (decoded.includes('\0')) return undefined;
    const normal = path.posix.normalize(decoded);
    return normal === '/' ? '/index.html' : normal;
  } catch {
    return undefined;
  }
}

async function fileUnder(root: string, pathname: string): Promise<string | undefined> {
  const file = path.join(root, pathname);
  if (file !== root && !file.startsWith(`${root}${path.sep}`)) return undefined;
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  headers: Record<string, string>,
): Promise<void> {
  const info = await stat(file);
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'content-length': info.size,
    'last-modified': info.mtime.toUTCString(),
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  await pipeline(createReadStream(file), res);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ error: { code, message } }));
}
