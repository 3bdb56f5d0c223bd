import { spawn } from 'node:child_process';
import { requireBinary } from '@videoforge/testkit';

/** Wall seconds of one plain ffmpeg run (stdin closed, output discarded). */
export function timeFfmpeg(args: readonly string[]): Promise<number> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(requireBinary('ffmpeg'), ['-nostdin', ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve((performance.now() - started) / 1000)
        : reject(new Error(`ffmpeg exit ${code}: ${stderr}`)),
    );
  });
}
