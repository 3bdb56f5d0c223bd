import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, expect, it } from 'vitest';
import { ChildRegistry, reapStaleChildren } from '../../src/stale-children.ts';
import { makeTempDir, removeDir, testLogger } from './helpers.ts';

const children: ChildProcess[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(dirs.splice(0).map(removeDir));
});

function sleeper(): ChildProcess & { pid: number } {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error('sleep did not start');
  return child as ChildProcess & { pid: number };
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

it('ends recorded leftovers whose command line still matches, and nothing else', async () => {
  const dataDir = await makeTempDir();
  dirs.push(dataDir);
  const leftover = sleeper();
  const recycledPid = sleeper();
  const registry = new ChildRegistry(dataDir);
  registry.add({ name: 'leftover', pid: leftover.pid, marker: 'sleep 30' });
  registry.add({ name: 'recycled', pid: recycledPid.pid, marker: 'memcached -p 11311' });

  await reapStaleChildren(dataDir, testLogger());

  await exited(leftover);
  expect(leftover.signalCode).toBe('SIGKILL');
  expect(recycledPid.exitCode).toBeNull();
  expect(recycledPid.signalCode).toBeNull();
});
