import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  findCycle,
  importsOf,
  leavesWorkspace,
  packageOf,
  readWorkspaces,
  relativeTo,
  sourceFilesOf,
  type SourceImport,
  type Workspace,
} from '../../boundaries/workspaces.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url)).replace(/\/$/, '');

/** Run as commands (npm scripts, npx), never imported. */
const COMMAND_LINE_TOOLS: Readonly<Record<string, readonly string[]>> = {
  videoforge: ['eslint', 'prettier', 'tsx', 'typescript'],
};

/** Declared once at the root for every workspace's tests. */
const REPO_WIDE_TOOLS = new Set(['vitest']);

/** The release version lives in the root manifest, which the chart reads for its labels. */
const ROOT_MANIFEST = `${root}/package.json`;

const workspaces = readWorkspaces(root);
const importsByWorkspace = new Map<Workspace, SourceImport[]>(
  workspaces.map((workspace) => [workspace, sourceFilesOf(workspace).flatMap(importsOf)]),
);
const packagesImportedBy = (workspace: Workspace): Set<string> =>
  new Set(
    (importsByWorkspace.get(workspace) ?? []).flatMap(({ specifier }) => {
      const name = packageOf(specifier);
      return name === undefined ? [] : [name];
    }),
  );
const importedAnywhere = new Set(
  workspaces.flatMap((workspace) => [...packagesImportedBy(workspace)]),
);

function isUsed(workspace: Workspace, dependency: string): boolean {
  if (packagesImportedBy(workspace).has(dependency)) return true;
  if (COMMAND_LINE_TOOLS[workspace.name]?.includes(dependency)) return true;
  // Type packages serve the one root tsconfig: they count when their package is imported anywhere.
  const typed = /^@types\/(?:(.+)__(.+)|(.+))$/.exec(dependency);
  if (typed === null) return false;
  const name = typed[3] ?? `@${typed[1]}/${typed[2]}`;
  return name === 'node' || importedAnywhere.has(name);
}

function pathImportsLeaving(workspace: Workspace): SourceImport[] {
  return (importsByWorkspace.get(workspace) ?? []).filter(
    (imported) => leavesWorkspace(workspace, imported) && !leadsToRootManifest(imported),
  );
}

function leadsToRootManifest({ file, specifier }: SourceImport): boolean {
  return new URL(specifier, `file://${file}`).pathname === ROOT_MANIFEST;
}

describe('workspace boundaries', () => {
  it('finds every workspace and the sources of each', () => {
    const names = workspaces.map((workspace) => workspace.name);
    expect(names).toEqual(
      expect.arrayContaining(['videoforge', '@videoforge/core', '@videoforge/ffmpeg']),
    );
    for (const workspace of workspaces) expect(importsByWorkspace.get(workspace)).not.toEqual([]);
  });

  it('tells packages from paths and built-ins, and paths that leave a workspace', () => {
    expect(packageOf('@aws-sdk/client-s3/dist')).toBe('@aws-sdk/client-s3');
    expect(packageOf('zod/v4')).toBe('zod');
    expect([packageOf('node:fs'), packageOf('fs'), packageOf('./x.ts')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    const local = workspaces.find((workspace) => workspace.name === '@videoforge/local')!;
    const file = `${local.dir}/test/integration/x.test.ts`;
    expect(leavesWorkspace(local, { file, specifier: '../../src/index.ts' })).toBe(false);
    expect(leavesWorkspace(local, { file, specifier: '../../../services/api/src/x.ts' })).toBe(
      true,
    );
    const rootPackage = workspaces[0]!;
    const script = `${root}/scripts/x.ts`;
    expect(leavesWorkspace(rootPackage, { file: script, specifier: '../local/src/x.ts' })).toBe(
      true,
    );
  });

  it('has no dependency cycle between workspaces, dev dependencies included', () => {
    expect(findCycle(workspaces)).toBeUndefined();
  });

  it('finds a cycle when there is one', () => {
    const a = { ...workspaces[1]!, name: 'a', dependencies: ['b'], devDependencies: [] };
    const b = { ...workspaces[1]!, name: 'b', dependencies: [], devDependencies: ['a'] };
    expect(findCycle([a, b])).toEqual(['a', 'b', 'a']);
  });

  it('declares every package a workspace imports', () => {
    const undeclared = workspaces.flatMap((workspace) => {
      const declared = new Set([
        ...workspace.dependencies,
        ...workspace.devDependencies,
        ...workspace.peerDependencies,
      ]);
      return [...packagesImportedBy(workspace)]
        .filter(
          (name) => !declared.has(name) && name !== workspace.name && !REPO_WIDE_TOOLS.has(name),
        )
        .map((name) => `${workspace.name} imports ${name}`);
    });
    expect(undeclared).toEqual([]);
  });

  it('imports every package a workspace declares', () => {
    const unused = workspaces.flatMap((workspace) =>
      [...workspace.dependencies, ...workspace.devDependencies]
        .filter((dependency) => !isUsed(workspace, dependency))
        .map((dependency) => `${workspace.name} never imports ${dependency}`),
    );
    expect(unused).toEqual([]);
  });

  it('reaches other workspaces through their package names, not by path', () => {
    const leaving = workspaces.flatMap((workspace) =>
      pathImportsLeaving(workspace).map(
        ({ file, specifier }) => `${relativeTo(root, file)} -> ${specifier}`,
      ),
    );
    expect(leaving).toEqual([]);
  });
});
