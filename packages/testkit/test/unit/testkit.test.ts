import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCorruptFile, requireBinary } from '../../src/index.ts';

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'videoforge-testkit-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('requireBinary', () => {
  it('returns the first executable match on the search path', async () => {
    const bin = join(dir, 'bin');
    await rm(bin, { recursive: true, force: true });
    await import('node:fs/promises').then((fs) => fs.mkdir(bin));
    await writeFile(join(bin, 'redis-server'), '#!/bin/sh\n');
    await chmod(join(bin, 'redis-server'), 0o755);

    expect(requireBinary('redis-server', ['/nonexistent', bin].join(delimiter))).toBe(
      join(bin, 'redis-server'),
    );
  });

  it('skips files that are not executable', async () => {
    await writeFile(join(dir, 'memcached'), 'not a program');
    await chmod(join(dir, 'memcached'), 0o644);

    expect(() => requireBinary('memcached', dir)).toThrow('memcached not found on PATH');
  });

  it.each([
    ['ffmpeg', 'ffmpeg'],
    ['ffprobe', 'ffmpeg'],
    ['memcached', 'memcached'],
    ['redis-server', 'redis-server'],
  ] as const)('says how to install %s', (name, pkg) => {
    expect(() => requireBinary(name, '/nonexistent')).toThrow(
      `${name} not found on PATH: install it with \`apt-get install ${pkg}\``,
    );
  });
});

describe('makeCorruptFile', () => {
  it('writes the same bytes every time, starting like an MP4', async () => {
    const a = join(dir, 'a.mp4');
    const b = join(dir, 'b.mp4');
    await makeCorruptFile(a, 4096);
    await makeCorruptFile(b, 4096);

    const bytes = await readFile(a);
    expect(bytes.length).toBe(4096);
    expect(bytes.subarray(4, 8).toString('latin1')).toBe('ftyp');
    expect(bytes.equals(await readFile(b))).toBe(true);
    expect(new Set(bytes.subarray(24)).size).toBeGreaterThan(200);
  });

  it('handles sizes smaller than the header', async () => {
    const tiny = join(dir, 'tiny.mp4');
    await makeCorruptFile(tiny, 10);

    expect((await readFile(tiny)).length).toBe(10);
  });
});
