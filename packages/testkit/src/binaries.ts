import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

export type KnownBinary =
  'ffmpeg' | 'ffprobe' | 'memcached' | 'redis-server' | 'prometheus' | 'promtool' | 'python3';

/** Debian/Ubuntu package that provides each binary (ffprobe ships with ffmpeg). */
const APT_PACKAGE: Readonly<Record<KnownBinary, string>> = {
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffmpeg',
  memcached: 'memcached',
  'redis-server': 'redis-server',
  prometheus: 'prometheus',
  promtool: 'prometheus',
  python3: 'python3',
};

/**
 * Absolute path of `name` on PATH. Throws an error that says what to install, so a
 * missing tool fails a suite with a fix rather than with ENOENT deep inside a test.
 */
export function requireBinary(name: KnownBinary, searchPath = process.env['PATH'] ?? ''): string {
  for (const dir of searchPath.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  throw new Error(
    `${name} not found on PATH: install it with \`apt-get install ${APT_PACKAGE[name]}\``,
  );
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
