import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The images, read as text: no Docker engine is needed to hold them to the rules of docs/images.md.
 * Install layer cached (manifests before npm ci), production closure only, non-root, bases pinned
 * by digest, and the Lambda image free of the local emulators.
 */

const root = new URL('../../../', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

const DOCKERFILES = [
  ...readdirSync(join(root, 'services'))
    .map((service) => `services/${service}/Dockerfile`)
    .filter((path) => existsSync(join(root, path))),
  'lambda/Dockerfile',
  'kind/Dockerfile',
  'web/Dockerfile',
];

/**
 * Images whose last stage holds only built files (nginx serving the web app): their install takes
 * the build tools (devDependencies), and nothing of it but the build output reaches the image.
 */
const STATIC_IMAGES = new Set(['web/Dockerfile']);

interface Instruction {
  keyword: string;
  args: string;
}

interface Stage {
  from: string;
  name: string | undefined;
  instructions: Instruction[];
}

interface Dockerfile {
  /** ARG lines before the first FROM: name -> default. */
  globalArgs: Map<string, string>;
  stages: Stage[];
}

/** Instructions with their continuation lines joined; comments and the here-doc bodies dropped. */
function instructions(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) {
      i++;
      const next = lines[i]!;
      if (next.trimStart().startsWith('#')) continue;
      line = `${line.slice(0, -1)} ${next.trim()}`;
    }
    const heredoc = /<<-?'?(\w+)'?/.exec(line);
    if (heredoc) while (i + 1 < lines.length && lines[++i]!.trim() !== heredoc[1]);
    const [keyword = '', ...rest] = line.trim().split(/\s+/);
    out.push({ keyword: keyword.toUpperCase(), args: rest.join(' ') });
  }
  return out;
}

function parse(path: string): Dockerfile {
  const globalArgs = new Map<string, string>();
  const stages: Stage[] = [];
  for (const ins of instructions(read(path))) {
    if (ins.keyword === 'FROM') {
      const [from = '', as, name] = ins.args.split(/\s+/);
      stages.push({ from, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else if (stages.length === 0) {
      if (ins.keyword === 'ARG') {
        const [name = '', value = ''] = ins.args.split('=');
        globalArgs.set(name, value);
      }
    } else {
      stages.at(-1)!.instructions.push(ins);
    }
  }
  return { globalArgs, stages };
}

const PINNED = /^[a-z0-9.-]+(\/[a-z0-9._-]+)*:[\w.-]+@sha256:[0-9a-f]{64}$/;
const isNpmCi = (ins: Instruction) => ins.keyword === 'RUN' && /\bnpm ci\b/.test(ins.args);

describe('every Dockerfile', () => {
  it('is one of the images the docs describe', () => {
    expect(DOCKERFILES.sort()).toEqual([
      'kind/Dockerfile',
      'lambda/Dockerfile',
      'services/admin/Dockerfile',
      'services/api/Dockerfile',
      'services/events/Dockerfile',
      'services/transcoder/Dockerfile',
      'web/Dockerfile',
    ]);
  });

  describe.each(DOCKERFILES)('%s', (path) => {
    const file = parse(path);

    it('builds FROM base images given as ARGs pinned as name:tag@sha256:<digest>, or from its own stages', () => {
      const stageNames = new Set<string>();
      for (const stage of file.stages) {
        const arg = /^\$\{(\w+)\}$/.exec(stage.from)?.[1];
        if (arg === undefined) {
          expect(stageNames, `${path}: FROM ${stage.from} is neither an ARG nor a stage`).toContain(
            stage.from,
          );
        } else {
          expect(file.globalArgs.get(arg), `${path}: ARG ${arg}`).toMatch(PINNED);
        }
        if (stage.name !== undefined) stageNames.add(stage.name);
      }
    });

    it('installs with npm ci, production dependencies (build tools for static images) of named workspaces only, no install scripts', () => {
      const installs = file.stages.flatMap((s) => s.instructions).filter(isNpmCi);
      expect(installs).toHaveLength(1);
      expect(installs[0]!.args).toContain(STATIC_IMAGES.has(path) ? '--include=dev' : '--omit=dev');
      expect(installs[0]!.args).toContain('--ignore-scripts');
      expect(installs[0]!.args).toMatch(/--workspace \S+/);
    });

    it('copies only the lockfile and the package manifests before npm ci, the sources after', () => {
      const stage = file.stages.find((s) => s.instructions.some(isNpmCi))!;
      const before = stage.instructions.slice(0, stage.instructions.findIndex(isNpmCi));
      const copies = before.filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD');
      for (const copy of copies) {
        const sources = copy.args
          .split(/\s+/)
          .filter((a) => !a.startsWith('--'))
          .slice(0, -1);
        for (const source of sources) expect(source).toMatch(/(^|\/)package(-lock)?\.json$/);
      }
      const binds = before.filter((i) => i.keyword === 'RUN' && i.args.includes('type=bind'));
      for (const bind of binds) {
        const copied = [...bind.args.matchAll(/\bcp\s+(?:--parents\s+)?('[^']*'|\S+)/g)];
        expect(copied.length).toBeGreaterThan(0);
        expect(bind.args).toContain('cp package-lock.json');
        expect(bind.args).toContain("-name package.json -not -path '*/node_modules/*'");
        expect(bind.args).not.toMatch(/\bcp\s+-[a-zA-Z]*r|\bcp\s+\.\s/);
      }
      expect(copies.length + binds.length, `${path} copies the manifests`).toBeGreaterThan(0);
      if (STATIC_IMAGES.has(path)) {
        // The build stage starts from the installed one, then takes the sources.
        const build = file.stages.find((s) => s.from === stage.name)!;
        expect(build.instructions.findIndex((i) => i.keyword === 'COPY')).toBeGreaterThanOrEqual(0);
        return;
      }
      // The stage that runs the image takes the sources from the context only after the install.
      const last = file.stages.at(-1)!;
      const fromDeps = last.instructions.findIndex((i) => /^--from=deps\b/.test(i.args));
      const firstSource = last.instructions.findIndex(
        (i) => i.keyword === 'COPY' && !i.args.startsWith('--from=') && !i.args.startsWith('<<'),
      );
      expect(fromDeps).toBeGreaterThanOrEqual(0);
      expect(firstSource).toBeGreaterThan(fromDeps);
    });

    it('runs as a numeric non-root user (the Lambda runtime picks its own)', () => {
      const last = file.stages.at(-1)!;
      if (last.from === '${LAMBDA_IMAGE}') {
        expect(last.instructions.some((i) => i.keyword === 'USER')).toBe(false);
        return;
      }
      const user = last.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args;
      expect(user, `${path} sets USER`).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    });
  });
});

describe('the base image pins', () => {
  it('are checked and bumped by scripts/pin-base-images.sh, which finds none missing', () => {
    const script = join(root, 'scripts/pin-base-images.sh');
    accessSync(script, constants.X_OK);
    expect(read('scripts/pin-base-images.sh')).toMatch(/crane digest|imagetools inspect/);
    expect(() => execFileSync('sh', [script, '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('use one Node image everywhere, so one bump moves every image', () => {
    const nodeImages = new Set(DOCKERFILES.map((path) => parse(path).globalArgs.get('NODE_IMAGE')));
    expect(nodeImages.size).toBe(1);
  });
});

describe('the Lambda image', () => {
  interface Manifest {
    name?: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  }
  interface LockEntry extends Manifest {
    link?: boolean;
    resolved?: string;
  }
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, LockEntry> };

  /**
   * What `npm ci --omit=dev --workspace <dir>` installs: npm follows a workspace's devDependencies
   * too (workspace links are never flagged dev), then the production dependencies of everything
   * reached. Returns package names.
   */
  function installedBy(workspaceDir: string): Set<string> {
    const seen = new Set<string>();
    const queue: string[] = [workspaceDir];
    const visited = new Set<string>();
    while (queue.length > 0) {
      const key = queue.shift()!;
      if (visited.has(key)) continue;
      visited.add(key);
      const entry = lock.packages[key];
      if (entry === undefined) throw new Error(`package-lock.json has no ${key}`);
      const isWorkspace = !key.includes('node_modules/');
      const edges = {
        ...entry.dependencies,
        ...(isWorkspace ? entry.devDependencies : {}),
      };
      for (const name of Object.keys(edges)) {
        seen.add(name);
        const resolved = resolve(key, name);
        const target = lock.packages[resolved];
        queue.push(target?.link === true ? target.resolved! : resolved);
      }
    }
    return seen;
  }

  /** Node's lookup: the nearest node_modules up from the dependent, as the lockfile lays it out. */
  function resolve(from: string, name: string): string {
    let dir = from;
    for (;;) {
      const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (lock.packages[candidate] !== undefined) return candidate;
      if (dir === '') throw new Error(`${name} (needed by ${from}) is not in package-lock.json`);
      const cut = dir.lastIndexOf('/node_modules/');
      dir = cut === -1 ? '' : dir.slice(0, cut);
    }
  }

  const EMULATORS = ['@videoforge/local', 'fauxqs', 'dynalite', 'cognito-local'];

  it('installs lambda alone, and lambda depends on no emulator, not even for its tests', () => {
    const install = parse('lambda/Dockerfile')
      .stages.flatMap((s) => s.instructions)
      .find(isNpmCi)!;
    expect(install.args.match(/--workspace \S+/g)).toEqual(['--workspace lambda']);
    const lambda = JSON.parse(read('lambda/package.json')) as Manifest;
    for (const deps of [lambda.dependencies, lambda.devDependencies]) {
      expect(Object.keys(deps ?? {})).not.toContain('@videoforge/local');
    }
  });

  it("gets a closure from the lockfile without the local stack or any emulator (the kind image's has them)", () => {
    const lambda = installedBy('lambda');
    expect(lambda).toContain('@videoforge/adapters');
    for (const emulator of EMULATORS) expect(lambda).not.toContain(emulator);
    // The same walk finds them from local: the check would see them come back.
    const local = installedBy('local');
    for (const emulator of EMULATORS.slice(1)) expect(local).toContain(emulator);
  });
});

describe('the transcoder image', () => {
  const dockerfile = read('services/transcoder/Dockerfile');
  const build = read('services/transcoder/ffmpeg/build.sh');

  it("builds ffmpeg from FFmpeg's release tarball, checked by SHA-256, instead of Debian's ffmpeg", () => {
    expect(dockerfile).toMatch(
      /ADD --checksum=sha256:[0-9a-f]{64} \\\n\s+https:\/\/ffmpeg\.org\/releases\/ffmpeg-\d+\.\d+(\.\d+)?\.tar\.xz /,
    );
    expect(dockerfile).not.toMatch(/apt-get install[^&]*\bffmpeg\b/);
    expect(dockerfile).toMatch(
      /COPY --from=ffmpeg \/opt\/ffmpeg\/bin\/ffmpeg \/opt\/ffmpeg\/bin\/ffprobe /,
    );
  });

  it('opens exactly the containers the worker accepts, and verifies TLS with GnuTLS and the CA store', () => {
    // Read from the source, so that this workspace needs no dependency on the transcoder's.
    const list = /ACCEPTED_DEMUXERS = \[([^\]]*)\]/.exec(
      read('packages/ffmpeg/src/input-args.ts'),
    )?.[1];
    const ACCEPTED_DEMUXERS = [...(list ?? '').matchAll(/'(\w+)'/g)].map((m) => m[1]!);
    expect(ACCEPTED_DEMUXERS).toContain('mov');
    // configure calls the MPEG program stream demuxer mpegps; its format name is mpeg.
    const configureName = (format: string) => (format === 'mpeg' ? 'mpegps' : format);
    const containers = /--enable-demuxer=(mov[\w,]*)/.exec(build)?.[1]?.split(',');
    expect(containers?.sort()).toEqual(ACCEPTED_DEMUXERS.map(configureName).sort());
    expect(build).toContain('--disable-demuxers');
    expect(build).toContain('--disable-protocols');
    expect(build).toContain('--enable-libx264');
    expect(build).toContain('--enable-gnutls');
    expect(dockerfile).toMatch(/apt-get install[^&]*\bca-certificates\b/);
  });
});

describe('the web image', () => {
  const file = parse('web/Dockerfile');
  const [deps, build, serve] = file.stages;
  const nginx = read('web/nginx/nginx.conf');
  const headers = read('web/nginx/templates/security-headers.conf.template');
  /** Where a directive appears in nginx.conf, as written (one space between words). */
  const directive = (text: string) => expect(nginx).toMatch(new RegExp(`^\\s*${text};$`, 'm'));

  it('builds on the Node image and serves from an unprivileged nginx, both pinned by digest', () => {
    expect(deps!.from).toBe('${NODE_IMAGE}');
    expect(build!.from).toBe(deps!.name);
    expect(serve!.from).toBe('${NGINX_IMAGE}');
    expect(file.globalArgs.get('NGINX_IMAGE')).toMatch(
      /^nginxinc\/nginx-unprivileged:[\w.-]+@sha256:[0-9a-f]{64}$/,
    );
  });

  it('installs the web workspace before copying its sources, and ships only the build output', () => {
    const install = deps!.instructions.find(isNpmCi)!;
    expect(install.args.match(/--workspace \S+/g)).toEqual(['--workspace web']);
    const copies = build!.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toContain('web web');
    const buildRun = build!.instructions.findIndex((i) => /npm run build -w web/.test(i.args));
    expect(buildRun).toBeGreaterThan(build!.instructions.findIndex((i) => i.args === 'web web'));
    const fromStages = serve!.instructions.filter((i) => /^--from=/.test(i.args));
    expect(fromStages.map((i) => i.args)).toEqual([
      `--from=${build!.name} /app/web/dist /usr/share/nginx/html`,
    ]);
  });

  it('renders the headers into /tmp from WEB_* variables only, and runs as uid 1000', () => {
    const env = serve!.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args);
    expect(env.join(' ')).toContain('NGINX_ENVSUBST_OUTPUT_DIR=/tmp');
    expect(env.join(' ')).toContain('NGINX_ENVSUBST_FILTER=^WEB_');
    expect(serve!.instructions.filter((i) => i.keyword === 'USER').at(-1)?.args).toBe('1000:1000');
    expect(serve!.instructions.find((i) => i.keyword === 'EXPOSE')?.args).toBe('8080');
  });

  it('has nginx listen on 8080 and write only under /tmp (a read-only root filesystem works)', () => {
    directive('listen 8080');
    directive('pid /tmp/nginx.pid');
    for (const temp of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) {
      expect(nginx).toMatch(new RegExp(`^\\s*${temp}_temp_path /tmp/\\w+;$`, 'm'));
    }
    // Everything nginx writes: its pid, temp files and logs (the rendered headers: the ENV above).
    const written = [...nginx.matchAll(/^\s*(pid|\w+_temp_path|error_log|access_log) ([^\s;]+)/gm)]
      .map((m) => m[2]!)
      .filter((target) => target !== 'off');
    expect(written).toHaveLength(8);
    for (const target of written) expect(target).toMatch(/^\/(tmp\/|dev\/std(out|err)$)/);
  });

  it('caches hashed assets for a year, revalidates index.html, falls back to it, answers /healthz', () => {
    const location = (prefix: string) =>
      new RegExp(`location ${prefix} \\{([^}]*)\\}`).exec(nginx)?.[1] ?? '';
    const assets = location('/assets/');
    expect(assets).toContain('add_header Cache-Control "public, max-age=31536000, immutable";');
    expect(assets).toContain('try_files $uri =404;');
    const app = location('/');
    expect(app).toContain('add_header Cache-Control "no-cache";');
    expect(app).toContain('try_files $uri /index.html;');
    // nginx drops inherited add_header lines where a location adds its own: each includes them.
    for (const block of [assets, app]) {
      expect(block).toContain('include /tmp/security-headers.conf;');
    }
    expect(location('= /healthz')).toContain('return 200');
    directive('gzip on');
    const gzipTypes = /^\s*gzip_types ([^;]*);$/m.exec(nginx)?.[1]?.split(' ');
    expect(gzipTypes).toEqual(expect.arrayContaining(['application/javascript', 'text/css']));
  });

  it('ships the API proxy where its entrypoint script looks, rendering into the /tmp nginx includes', () => {
    // What cdk8s/test/integration/web-api-proxy.test.ts runs with these paths moved.
    const copies = serve!.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toContain('web/nginx/api-proxy /etc/nginx/api-proxy');
    // Executable: the image's entrypoint runs only executable *.sh files of /docker-entrypoint.d.
    expect(copies).toContain('--chmod=0755 web/nginx/entrypoint.d/ /docker-entrypoint.d/');
    const script = read('web/nginx/entrypoint.d/25-videoforge-api-proxy.sh');
    expect(script).toContain(
      'template="${NGINX_API_PROXY_TEMPLATE:-/etc/nginx/api-proxy/api-proxy.conf.template}"',
    );
    expect(script).toContain('output="${NGINX_ENVSUBST_OUTPUT_DIR:-/tmp}/api-proxy.conf"');
    directive('include /tmp/api-proxy.conf');
    const env = serve!.instructions.filter((i) => i.keyword === 'ENV').map((i) => i.args);
    // Off unless the pod names both upstreams.
    expect(env.join(' ')).toContain('WEB_API_UPSTREAM="" WEB_ADMIN_UPSTREAM=""');
  });

  it('sends the security headers in every location, the media origin from WEB_MEDIA_ORIGIN', () => {
    // Compared with the local gateway's headers in test/integration/web-headers.test.ts.
    const csp = /^add_header Content-Security-Policy "([^"]*)" always;$/m.exec(headers)?.[1];
    for (const directive of ['img-src', 'media-src', 'connect-src']) {
      expect(csp).toMatch(new RegExp(`${directive} [^;]*\\$\\{WEB_MEDIA_ORIGIN\\}`));
    }
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self';");
  });
});
