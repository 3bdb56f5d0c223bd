import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPageJavaScript } from '../../scripts/bundle-size.ts';

describe('the first page JavaScript measure', () => {
  let dist: string;
  const files = {
    'assets/index.js': 'import "./react.js";'.repeat(50),
    'assets/react.js': 'export const react = 1;'.repeat(400),
    'assets/player.js': 'export const hls = 2;'.repeat(4000),
    'assets/index.css': 'body{}'.repeat(100),
  };

  beforeAll(async () => {
    dist = await mkdtemp(join(tmpdir(), 'videoforge-bundle-'));
    await mkdir(join(dist, 'assets'));
    await mkdir(join(dist, '.vite'));
    for (const [file, text] of Object.entries(files)) await writeFile(join(dist, file), text);
    const manifest = {
      'index.html': {
        file: 'assets/index.js',
        isEntry: true,
        imports: ['_react.js'],
        dynamicImports: ['src/player.ts'],
        css: ['assets/index.css'],
      },
      '_react.js': { file: 'assets/react.js' },
      'src/player.ts': { file: 'assets/player.js', isDynamicEntry: true, imports: ['_react.js'] },
    };
    await writeFile(join(dist, '.vite', 'manifest.json'), JSON.stringify(manifest));
  });
  afterAll(async () => {
    await rm(dist, { recursive: true, force: true });
  });

  it('counts the entry and its static imports, gzipped, and leaves lazily loaded chunks out', async () => {
    const size = await firstPageJavaScript(dist);
    expect(size.files.sort()).toEqual(['assets/index.js', 'assets/react.js']);
    const expected =
      gzipSync(files['assets/index.js']).length + gzipSync(files['assets/react.js']).length;
    expect(size.gzipBytes).toBe(expected);
    expect(size.budgetBytes).toBe(150_000);
  });
});
