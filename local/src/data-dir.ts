import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

const MARKER = '.videoforge-local-stack';

/**
 * Empties `dataDir` so every start begins from scratch. The marker file guards against wiping a
 * directory the stack did not create (a typo in a path must not delete someone's work).
 */
export async function resetDataDir(dataDir: string): Promise<void> {
  const entries = await listEntries(dataDir);
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new Error(
      `refusing to wipe ${dataDir}: it is not empty and was not created by the local stack (no ${MARKER}); pass a new or empty directory`,
    );
  }
  await rm(dataDir, { recursive: true, force: true });
  await mkdir(dataDir, { recursive: true });
  await writeFile(
    path.join(dataDir, MARKER),
    'scratch data of the VideoForge local stack; wiped at every start\n',
  );
}

async function listEntries(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return [];
    throw error;
  }
}
