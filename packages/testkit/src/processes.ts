import { readdir, readFile } from 'node:fs/promises';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  command: string;
  /** The kernel's state letter: R running, S sleeping, Z exited but not yet reaped, ... */
  state: string;
}

/** Every live process that descends from `root` (Linux /proc), for "nothing outlived its job". */
export async function descendantsOf(root = process.pid): Promise<ProcessInfo[]> {
  const all = await listProcesses();
  const found: ProcessInfo[] = [];
  let parents = new Set([root]);
  while (parents.size > 0) {
    const children = all.filter((p) => parents.has(p.ppid));
    found.push(...children);
    parents = new Set(children.map((p) => p.pid));
  }
  return found;
}

async function listProcesses(): Promise<ProcessInfo[]> {
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  const infos = await Promise.all(pids.map((pid) => readStat(Number(pid))));
  return infos.filter((p): p is ProcessInfo => p !== undefined);
}

async function readStat(pid: number): Promise<ProcessInfo | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split at the last ')'.
    const close = stat.lastIndexOf(')');
    const command = stat.slice(stat.indexOf('(') + 1, close);
    const [state = '?', ppid] = stat.slice(close + 2).split(' ');
    return { pid, ppid: Number(ppid), command, state };
  } catch {
    return undefined; // exited while we looked
  }
}
