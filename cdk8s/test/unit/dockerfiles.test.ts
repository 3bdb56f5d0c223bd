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
];

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

    it('installs with npm ci, production dependencies of named workspaces only, no install scripts', () => {
      const installs = file.stages.flatMap((s) => s.instructions).filter(isNpmCi);
      expect(installs).toHaveLength(1);
      expect(installs[0]!.args).toContain('--omit=dev');
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
      read('services/transcoder/src/ffmpeg/input-args.ts'),
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
