/**
 * (web) The first page's JavaScript, gzipped, from a fresh production build of the web app: the
 * entry chunk and its static imports (the player and hls.js load later, on the player page).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { firstPageJavaScript } from '@videoforge/web/bundle-size';
import type { BenchRow } from './stats.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export async function benchWebBundle(): Promise<BenchRow> {
  execFileSync('npm', ['run', 'build', '-w', 'web'], { cwd: ROOT, stdio: 'ignore' });
  const size = await firstPageJavaScript(fileURLToPath(new URL('../../web/dist', import.meta.url)));
  return {
    measure: '(web) first page JavaScript, gzipped',
    result: `${(size.gzipBytes / 1000).toFixed(1)} kB`,
    goal: `<= ${(size.budgetBytes / 1000).toFixed(0)} kB`,
    detail: `${size.files.length} files: ${size.files.join(', ')}; the player's code loads on the player page only`,
  };
}
