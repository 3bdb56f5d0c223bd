import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

describe('the cdk8s workspace boundaries', () => {
  it('imports other workspaces by package name, never by a relative path out of cdk8s/', () => {
    const outside: string[] = [];
    for (const file of sources(src)) {
      const text = readFileSync(file, 'utf8');
      for (const [, specifier] of text.matchAll(/from '(\.[^']+)'/g)) {
        const target = path.resolve(path.dirname(file), specifier as string);
        const relative = path.relative(path.dirname(src), target);
        // The root package.json (the app version) is the one file above cdk8s it reads.
        if (relative.startsWith('..') && !relative.endsWith('package.json'))
          outside.push(`${path.relative(src, file)} -> ${specifier}`);
      }
    }
    expect(outside).toEqual([]);
    expect(sources(src).length).toBeGreaterThan(30);
  });
});
