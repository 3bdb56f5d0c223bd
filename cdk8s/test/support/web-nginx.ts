import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The web image's nginx (web/nginx), run for real: its nginx.conf with only what must differ on
 * this machine rewritten (the /tmp it writes to, the web root, the port), its templates rendered as
 * the image's entrypoint does (envsubst of WEB_* variables), and its own entrypoint script for the
 * API proxy.
 */
const nginxDir = fileURLToPath(new URL('../../../web/nginx/', import.meta.url));
export const API_PROXY_SCRIPT = path.join(nginxDir, 'entrypoint.d/25-videoforge-api-proxy.sh');
const API_PROXY_TEMPLATE = path.join(nginxDir, 'api-proxy/api-proxy.conf.template');

export interface WebNginx {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

function nginxBinary(): string {
  const found = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/bin/nginx'].find(existsSync);
  if (!found) throw new Error('install nginx (apt-get install nginx)');
  return found;
}

function requireEnvsubst(): void {
  if (spawnSync('envsubst', ['--version']).status !== 0) {
    throw new Error('install envsubst (apt-get install gettext-base)');
  }
}

/** A folder nginx's workers can read even when the test runs as root (they run as nobody). */
function readableTempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

/** A built web app: index.html and one hashed asset. */
export function webRootFixture(): string {
  const root = readableTempDir('videoforge-web-root-');
  mkdirSync(path.join(root, 'assets'), { mode: 0o755 });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>VideoForge</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'export {};');
  return root;
}

/** 20-envsubst-on-templates.sh of the nginx image, with NGINX_ENVSUBST_FILTER=^WEB_. */
function renderTemplates(outputDir: string, env: Record<string, string>): void {
  const variables = Object.keys(env)
    .filter((name) => /^WEB_/.test(name))
    .map((name) => `\${${name}}`)
    .join(' ');
  const templates = path.join(nginxDir, 'templates');
  for (const file of readdirSync(templates).filter((f) => f.endsWith('.template'))) {
    const rendered = execFileSync('envsubst', [variables], {
      input: readFileSync(path.join(templates, file)),
      env: { PATH: process.env.PATH, ...env },
    });
    writeFileSync(path.join(outputDir, file.replace(/\.template$/, '')), rendered);
  }
}

/** The image's API proxy script, as its entrypoint runs it; throws with its stderr on failure. */
export function runApiProxyScript(outputDir: string, env: Record<string, string>): string {
  const result = spawnSync('sh', [API_PROXY_SCRIPT], {
    env: {
      PATH: process.env.PATH,
      NGINX_ENVSUBST_OUTPUT_DIR: outputDir,
      NGINX_API_PROXY_TEMPLATE: API_PROXY_TEMPLATE,
      ...env,
    },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(result.stderr || `exit ${result.status}`);
  return readFileSync(path.join(outputDir, 'api-proxy.conf'), 'utf8');
}

/** `from` replaced by `to`, which must occur: the rewrite fails loudly when nginx.conf changes. */
function rewrite(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`web/nginx/nginx.conf no longer contains "${from}"`);
  return text.replaceAll(from, to);
}

function localConf(prefix: string, webRoot: string, port: number): string {
  let conf = readFileSync(path.join(nginxDir, 'nginx.conf'), 'utf8');
  conf = rewrite(conf, '/tmp/', `${prefix}/`);
  conf = rewrite(conf, 'root /usr/share/nginx/html;', `root ${webRoot};`);
  return rewrite(conf, 'listen 8080;', `listen 127.0.0.1:${port};`);
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

async function waitUntilServing(url: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${log()}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`nginx did not answer on ${url}: ${log()}`);
}

/**
 * Starts the web image's nginx over `webRoot` with the container environment `env` (WEB_* values)
 * on a free loopback port.
 */
export async function startWebNginx(
  webRoot: string,
  env: Record<string, string>,
): Promise<WebNginx> {
  const nginx = nginxBinary();
  requireEnvsubst();
  const prefix = readableTempDir('videoforge-nginx-');
  renderTemplates(prefix, env);
  runApiProxyScript(prefix, env);
  const port = await freePort();
  const confFile = path.join(prefix, 'nginx.conf');
  writeFileSync(confFile, localConf(prefix, webRoot, port));

  // nginx opens /dev/stdout and /dev/stderr by name, which fails on the sockets Node's pipes are:
  // both go to a file.
  const logFile = path.join(prefix, 'nginx.log');
  const log = openSync(logFile, 'a');
  const child = spawn(nginx, ['-p', prefix, '-c', confFile, '-e', 'stderr', '-g', 'daemon off;'], {
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitUntilServing(url, child, () => readFileSync(logFile, 'utf8'));
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    port,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
