import { readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@videoforge/platform';

const FILE = 'children.json';

interface ChildEntry {
  name: string;
  pid: number;
  /** A string its command line contains, so a recycled pid is never killed. */
  marker: string;
}

/**
 * Remembers the emulator processes of this run in the data directory, so that the next start can
 * end those a crashed or SIGKILLed parent left behind (they would otherwise hold the fixed ports).
 */
export class ChildRegistry {
  readonly #file: string;

  constructor(dataDir: string) {
    this.#file = path.join(dataDir, FILE);
  }

  add(entry: ChildEntry): void {
    writeFileSync(this.#file, JSON.stringify([...readEntries(this.#file), entry]));
  }
}

export async function reapStaleChildren(dataDir: string, logger: Logger): Promise<void> {
  for (const entry of readEntries(path.join(dataDir, FILE))) {
    const commandLine = await readCommandLine(entry.pid);
    if (commandLine?.includes(entry.marker)) {
      logger.warn(
        { pid: entry.pid, what: entry.name },
        'ending a process left over from a previous run',
      );
      await kill(entry.pid);
    }
  }
}

function readEntries(file: string): ChildEntry[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(parsed) ? parsed.filter(isChildEntry) : [];
  } catch {
    return [];
  }
}

function isChildEntry(value: unknown): value is ChildEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return (
    typeof entry.name === 'string' &&
    Number.isInteger(entry.pid) &&
    typeof entry.marker === 'string'
  );
}

/** Linux only; elsewhere nothing is verified, so nothing is killed. */
async function readCommandLine(pid: number): Promise<string | undefined> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return undefined;
  }
}

async function kill(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  // Up to 10 s: on a loaded machine a killed process can take seconds to release its ports.
  for (let i = 0; i < 200 && (await isRunning(pid)); i++) await sleep(50);
}

/** A zombie counts as gone: it holds no ports, and its new parent may never reap it (e.g. in containers). */
async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}
