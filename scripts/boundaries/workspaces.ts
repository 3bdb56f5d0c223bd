/**
 * The workspaces of this repository as the boundary checks see them: each one's declared
 * dependencies and the packages and paths its source files import.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';

export interface Workspace {
  name: string;
  /** Absolute path of the folder holding its package.json. */
  dir: string;
  dependencies: string[];
  devDependencies: string[];
  /** Optional peers: needed only where the root's dev tooling provides them. */
  peerDependencies: string[];
  /** Absolute paths of the folders inside `dir` that belong to another workspace (the root's). */
  nested: string[];
}

export interface SourceImport {
  file: string;
  specifier: string;
}

const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.local', '.scratch', 'coverage', '.git']);
const IMPORT_SPECIFIER =
  /(?:^|[\s;}])(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)|(?:\brequire|\brequire\.resolve|\)\.resolve)\(\s*['"]([^'"]+)['"]\s*\)/gm;
const BUILTINS = new Set(builtinModules);

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

function keysOf(value: unknown): string[] {
  return typeof value === 'object' && value !== null ? Object.keys(value) : [];
}

function workspaceAt(dir: string, nested: string[] = []): Workspace {
  const manifest = readJson(join(dir, 'package.json'));
  return {
    name: String(manifest.name),
    dir,
    dependencies: keysOf(manifest.dependencies),
    devDependencies: keysOf(manifest.devDependencies),
    peerDependencies: keysOf(manifest.peerDependencies),
    nested,
  };
}

/** The folders matched by the root's `workspaces` globs ("packages/*" or a plain folder). */
function workspaceDirs(root: string, patterns: readonly string[]): string[] {
  return patterns.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [join(root, pattern)];
    const parent = join(root, pattern.slice(0, -2));
    return readdirSync(parent)
      .map((name) => join(parent, name))
      .filter((dir) => statSync(dir).isDirectory() && hasManifest(dir));
  });
}

function hasManifest(dir: string): boolean {
  try {
    return statSync(join(dir, 'package.json')).isFile();
  } catch {
    return false;
  }
}

/** Every workspace, the root package (scripts/, kind/, tool configs) first. */
export function readWorkspaces(root: string): Workspace[] {
  const patterns = readJson(join(root, 'package.json')).workspaces as string[];
  const dirs = workspaceDirs(root, patterns);
  return [workspaceAt(root, dirs), ...dirs.map((dir) => workspaceAt(dir))];
}

/** The workspace's own source files, without node_modules, build output or nested workspaces. */
export function sourceFilesOf(workspace: Workspace): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        return SKIPPED_DIRS.has(entry.name) || workspace.nested.includes(path) ? [] : walk(path);
      }
      return SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : [];
    });
  return walk(workspace.dir);
}

export function importsOf(file: string): SourceImport[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT_SPECIFIER)].map((match) => ({
    file,
    specifier: match[1] ?? match[2] ?? match[3] ?? match[4] ?? '',
  }));
}

/** The package a bare specifier names ("@scope/name/sub" -> "@scope/name"); undefined otherwise. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) {
    return undefined;
  }
  const [first = '', second] = specifier.split('/');
  const name = first.startsWith('@') ? `${first}/${second}` : first;
  return BUILTINS.has(name) ? undefined : name;
}

/** Whether a relative import of `file` resolves outside `workspace` (or into a nested one). */
export function leavesWorkspace(workspace: Workspace, { file, specifier }: SourceImport): boolean {
  if (!specifier.startsWith('.')) return false;
  const target = resolve(dirname(file), specifier);
  const inside = (dir: string) => target === dir || target.startsWith(dir + sep);
  return !inside(workspace.dir) || workspace.nested.some(inside);
}

export function relativeTo(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** A cycle of workspace names (first = last) along declared dependencies, if there is one. */
export function findCycle(workspaces: readonly Workspace[]): string[] | undefined {
  const byName = new Map(workspaces.map((w) => [w.name, w]));
  const edges = (name: string) =>
    [
      ...(byName.get(name)?.dependencies ?? []),
      ...(byName.get(name)?.devDependencies ?? []),
    ].filter((dep) => byName.has(dep));
  const done = new Set<string>();
  const visit = (name: string, path: string[]): string[] | undefined => {
    const seen = path.indexOf(name);
    if (seen !== -1) return [...path.slice(seen), name];
    if (done.has(name)) return undefined;
    for (const next of edges(name)) {
      const cycle = visit(next, [...path, name]);
      if (cycle) return cycle;
    }
    done.add(name);
    return undefined;
  };
  for (const { name } of workspaces) {
    const cycle = visit(name, []);
    if (cycle) return cycle;
  }
  return undefined;
}
