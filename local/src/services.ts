import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Logger } from '@videoforge/platform';
import { PINO_LEVELS, spawnChild, type LogLine, type ManagedChild } from './child-process.ts';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
/** Node before 22.18 does not run TypeScript by itself: every .ts child starts with this loader. */
export const tsxLoader = createRequire(import.meta.url).resolve('tsx');

export interface ServiceSpec {
  /** The component name its log lines carry (`transcoder-2` for the second of several workers). */
  name: string;
  entry: string;
  env: Record<string, string>;
  /** Every stdout line (pino JSON) as the service printed it, with the printing process's pid. */
  onStdoutLine?: (line: string, pid: number | undefined) => void;
}

/** Each service runs as its own process from its own main.ts, configured only by environment. */
export function spawnService(spec: ServiceSpec, logger: Logger): ManagedChild {
  return spawnChild({
    command: process.execPath,
    args: ['--import', tsxLoader, spec.entry],
    cwd: repoRoot,
    env: { ...process.env, ...spec.env },
    logger: logger.child({ component: spec.name }),
    parseLine: parsePinoLine,
    onStdoutLine: spec.onStdoutLine,
  });
}

export function serviceEntry(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

const NOISE = new Set(['level', 'time', 'pid', 'hostname', 'service', 'msg']);

/** Services log pino JSON; re-log it under the service's name with its fields kept short. */
export function parsePinoLine(line: string): LogLine {
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { level: 'info', msg: line };
  }
  const level = PINO_LEVELS[Number(parsed.level)] ?? 'info';
  const extras = Object.entries(parsed)
    .filter(([key]) => !NOISE.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const msg = [String(parsed.msg ?? ''), ...extras].filter(Boolean).join(' ');
  return { level, msg };
}
