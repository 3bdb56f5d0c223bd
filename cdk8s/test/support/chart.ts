import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, stringify } from 'yaml';
import { EXAMPLE_STACK } from '../../src/environments.ts';
import { helm, type HelmResult } from './helm-binary.ts';
import type { K8sObject } from './objects.ts';

export const chartDir = fileURLToPath(new URL('../../../charts/videoforge', import.meta.url));

/** A values file in a fresh temporary folder. */
export function valuesFile(values: unknown, name = 'values.yaml'): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'videoforge-values-')), name);
  writeFileSync(file, stringify(values));
  return file;
}

let example: string | undefined;
/** The values the example AWS stack's outputs give (what values-aws.yaml holds on a real install). */
export function exampleValuesFile(): string {
  example ??= valuesFile(EXAMPLE_STACK, 'values-aws.yaml');
  return example;
}

/** `helm template` with the example stack values first, then `args`. */
export function template(args: readonly string[], chart = chartDir): HelmResult {
  return helm([
    'template',
    'videoforge',
    chart,
    '-n',
    'videoforge',
    '-f',
    exampleValuesFile(),
    ...args,
  ]);
}

export function parseObjects(stdout: string): K8sObject[] {
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}
