import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { requireBinary } from './binaries.ts';

export interface MeasuredTool {
  /** Use as FFMPEG_PATH / FFPROBE_PATH: runs the real tool and records its peak memory. */
  path: string;
  /** Peak resident memory (MiB) of every run so far, in order. */
  peaksMiB(): Promise<number[]>;
}

/**
 * Wraps `tool` so each run's peak resident set (the kernel's ru_maxrss, read by wait4) is
 * appended to a log: the memory a pod would be charged for, which sampling can miss.
 */
export async function measurePeakMemory(
  dir: string,
  tool: 'ffmpeg' | 'ffprobe',
): Promise<MeasuredTool> {
  const python = requireBinary('python3');
  const real = requireBinary(tool);
  const log = join(dir, `${tool}-peaks.log`);
  const path = join(dir, `${tool}-measured`);
  await writeFile(log, '');
  await writeFile(
    path,
    [
      `#!${python}`,
      'import os, sys',
      'pid = os.fork()',
      'if pid == 0:',
      `    os.execv(${JSON.stringify(real)}, [${JSON.stringify(real)}] + sys.argv[1:])`,
      '_, status, usage = os.wait4(pid, 0)',
      `with open(${JSON.stringify(log)}, "a") as f:`,
      '    f.write(f"{usage.ru_maxrss}\\n")',
      'sys.exit(os.waitstatus_to_exitcode(status) & 0xFF)',
      '',
    ].join('\n'),
  );
  await chmod(path, 0o755);
  return {
    path,
    peaksMiB: async () =>
      (await readFile(log, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((kib) => Number(kib) / 1024),
  };
}
