import { spawn } from 'node:child_process';

const STDERR_TAIL_CHARS = 2_000;

/** Runs a binary without a shell and resolves with its stdout; rejects with the stderr tail. */
export function runTool(binary: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString('utf8')).slice(-STDERR_TAIL_CHARS);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) return resolve(Buffer.concat(stdout).toString('utf8'));
      const how = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
      reject(new Error(`${binary} ${how}:\n${stderr.trim()}`));
    });
  });
}
