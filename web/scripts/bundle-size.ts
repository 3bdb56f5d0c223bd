import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

/** The budget for the first page's JavaScript (SPEC.md "Numbers users will hold us to"). */
export const FIRST_PAGE_BUDGET_BYTES = 150 * 1000;

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}

export interface FirstPageSize {
  /** The entry chunk and every chunk it imports statically: what the first page loads. */
  files: string[];
  gzipBytes: number;
  budgetBytes: number;
}

/**
 * The gzipped size of the JavaScript a first visit loads, read from a Vite build's manifest:
 * entry chunks and their static imports. Lazily loaded pages and hls.js are not counted.
 */
export async function firstPageJavaScript(distDir: string): Promise<FirstPageSize> {
  const manifestPath = join(distDir, '.vite', 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const keys = new Set<string>();
  const visit = (key: string) => {
    if (keys.has(key)) return;
    keys.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  const files = [...keys].map((key) => manifest[key]?.file ?? key).filter((f) => f.endsWith('.js'));
  let gzipBytes = 0;
  for (const file of files) gzipBytes += gzipSync(await readFile(join(distDir, file))).length;
  return { files, gzipBytes, budgetBytes: FIRST_PAGE_BUDGET_BYTES };
}

const isMain = process.argv[1] === fileURLToPath(import.meta.url);
if (isMain) {
  const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
  const size = await firstPageJavaScript(dist);
  const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
  console.log(
    `first page JavaScript: ${kb(size.gzipBytes)} gzipped (budget ${kb(size.budgetBytes)})`,
  );
  for (const file of size.files) console.log(`  ${file}`);
  if (size.gzipBytes > size.budgetBytes) process.exitCode = 1;
}
